// The migration card's rehearsal: the button, and the report of the last
// rehearsal of exactly the pending migrations (or, failing that, the last one
// of any, marked as such): what each migration locked, rewrote, blocked and
// changed in the hot queries' plans.
import { rehearseAction } from "@/lib/actions/ops";
import { rehearsalOverview, type MigrationReport } from "@/lib/ops/rehearse/overview";
import { RehearseButton } from "@/components/ops/rehearse-button";
import { Badge, Notice } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

const LOCK_TONE: Record<string, "bad" | "warn" | "ok"> = {
  AccessExclusiveLock: "bad",
  ExclusiveLock: "bad",
  ShareLock: "warn",
  ShareRowExclusiveLock: "warn",
};

const COLUMNS: Column<MigrationReport>[] = [
  { header: "Migration", mono: true, wrap: true, cell: (r) => r.name },
  { header: "Took", numeric: true, cell: (r) => `${formatNumber(r.duration_ms)} ms` },
  {
    header: "Locks (strongest, held)",
    wrap: true,
    cell: (r) =>
      r.locks
        .filter((l) => !l.table.startsWith("_prisma"))
        .map((l) => (
          <div key={l.table}>
            <Badge tone={LOCK_TONE[l.mode] ?? "ok"}>{l.mode}</Badge> {l.table} {formatNumber(l.held_ms)} ms
          </div>
        )),
  },
  {
    header: "Rewrote",
    cell: (r) => (r.rewritten_tables.length ? <Badge tone="bad">{r.rewritten_tables.join(", ")}</Badge> : "no"),
  },
  { header: "Writer waited", numeric: true, cell: (r) => `${formatNumber(r.writer_max_ms)} ms` },
  { header: "Reader waited", numeric: true, cell: (r) => `${formatNumber(r.reader_max_ms)} ms` },
  {
    header: "Plan changes",
    wrap: true,
    cell: (r) =>
      r.error ? (
        <Badge tone="bad">failed: {r.error}</Badge>
      ) : r.plan_changes.length ? (
        r.plan_changes.map((c) => (
          <div key={c.family}>
            {c.family}: {c.before} → {c.after} (p95 {c.p95_before_ms} → {c.p95_after_ms} ms)
          </div>
        ))
      ) : (
        "none"
      ),
  },
];

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
            <DataTable
              caption="Rehearsal report"
              columns={COLUMNS}
              rows={last.migrations}
              rowKey={(r) => r.name}
              testId="rehearsal-report"
            />
          ) : (
            <p>Nothing was pending then.</p>
          )}
        </>
      )}
    </div>
  );
}
