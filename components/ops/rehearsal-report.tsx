// The migration card's rehearsal: the button, and the report of the last
// rehearsal of exactly the pending migrations (or, failing that, the last one
// of any, marked as such): what each migration locked, rewrote, blocked and
// changed in the hot queries' plans, one short block per migration.
import { rehearseAction } from "@/lib/actions/ops";
import { rehearsalOverview, type MigrationReport } from "@/lib/ops/rehearse/overview";
import { RehearseButton } from "@/components/ops/rehearse-button";
import { Badge, Notice } from "@/components/ui/badge";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

const LOCK_TONE: Record<string, "bad" | "warn" | "ok"> = {
  AccessExclusiveLock: "bad",
  ExclusiveLock: "bad",
  ShareLock: "warn",
  ShareRowExclusiveLock: "warn",
};

/** One migration's rehearsal as a short block: it reads in a narrow card, where a seven-column table would not fit. */
function MigrationRehearsal({ m }: { m: MigrationReport }) {
  const locks = m.locks.filter((l) => !l.table.startsWith("_prisma"));
  return (
    <li className={ui.stack}>
      <div>
        <span className={ui.mono}>{m.name}</span>: {formatNumber(m.duration_ms)} ms{" "}
        {m.error ? (
          <Badge tone="bad">failed: {m.error}</Badge>
        ) : m.rewritten_tables.length ? (
          <Badge tone="bad">rewrote {m.rewritten_tables.join(", ")}</Badge>
        ) : (
          <Badge tone="ok">no rewrite</Badge>
        )}
      </div>
      <div>
        Locks:{" "}
        {locks.length
          ? locks.map((l) => (
              <span key={l.table}>
                <Badge tone={LOCK_TONE[l.mode] ?? "ok"}>{l.mode}</Badge> {l.table} {formatNumber(l.held_ms)} ms{" "}
              </span>
            ))
          : "none on the app's tables"}
      </div>
      <div>
        The app waited: writer up to {formatNumber(m.writer_max_ms)} ms, reader up to {formatNumber(m.reader_max_ms)} ms
      </div>
      <div>
        Plans:{" "}
        {m.plan_changes.length
          ? m.plan_changes.map((c) => (
              <div key={c.family}>
                {c.family}: {c.before} → {c.after} (p95 {c.p95_before_ms} → {c.p95_after_ms} ms)
              </div>
            ))
          : "no hot query changed plans"}
      </div>
    </li>
  );
}

export async function RehearsalReport() {
  const { pending, current, last } = await rehearsalOverview();
  return (
    <div className={ui.stack} data-testid="rehearsal">
      <RehearseButton action={rehearseAction} disabled={pending.length === 0} />
      {pending.length > 0 && !current && (
        <Notice tone="warn">
          The {pending.length} pending migration(s) were never rehearsed: rehearse them on a copy of the latest backup
          before applying.
        </Notice>
      )}
      {last && (
        <>
          <p className={ui.muted}>
            {current ? "Rehearsal of the pending migrations" : "Last rehearsal (of other migrations)"} on {last.backup},{" "}
            {formatDateTime(last.finished_at)}.
          </p>
          {last.migrations.length ? (
            <ol className={ui.stack} style={{ margin: 0, paddingLeft: "1.2rem" }} data-testid="rehearsal-report">
              {last.migrations.map((m) => (
                <MigrationRehearsal key={m.name} m={m} />
              ))}
            </ol>
          ) : (
            <p>Nothing was pending then.</p>
          )}
        </>
      )}
    </div>
  );
}
