// Migration status: applied, pending, failed, changed since applied.
import { migrationOverview } from "@/lib/db/migrations/status";
import { Badge, Notice } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

export async function MigrationTable() {
  const m = await migrationOverview();
  const rows = [...m.failed, ...m.pending, ...m.applied.slice().reverse()];
  return (
    <div className={ui.stack}>
      {m.failed.length > 0 ? (
        <Notice tone="bad">Migration {m.failed[0].name} failed: nothing more will be applied until it is resolved (see README, Migrations).</Notice>
      ) : m.upToDate ? (
        <Notice tone="ok">Up to date at {m.current ?? "(none)"}.</Notice>
      ) : (
        <Notice tone="warn">{m.pending.length} pending: run <code>npm run db:migrate -- --backup-first</code>.</Notice>
      )}
      {m.changed.length > 0 && <Notice tone="warn">Changed since applied: {m.changed.map((c) => c.name).join(", ")}.</Notice>}
      <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Migrations">
        <table className={ui.table} data-testid="migrations">
          <caption className="visually-hidden">Migrations</caption>
          <thead>
            <tr><th scope="col">Migration</th><th scope="col">Status</th><th scope="col">Applied (UTC)</th><th scope="col">File</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <td className={ui.mono}>{r.name}</td>
                <td><Badge tone={r.status === "applied" ? "ok" : r.status === "failed" ? "bad" : "warn"}>{r.status.replace("_", " ")}</Badge></td>
                <td>{r.finishedAt ? formatDateTime(r.finishedAt) : "–"}</td>
                <td>{r.checksumMatches === false ? <Badge tone="warn">changed</Badge> : r.checksumMatches ? "unchanged" : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
