// Migration status: applied, pending, failed, changed since applied.
import { migrationOverview, type MigrationState } from "@/lib/db/migrations/status";
import { Badge, Notice } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

const COLUMNS: Column<MigrationState>[] = [
  { header: "Migration", mono: true, cell: (r) => r.name },
  {
    header: "Status",
    cell: (r) => (
      <Badge tone={r.status === "applied" ? "ok" : r.status === "failed" ? "bad" : "warn"}>
        {r.status.replace("_", " ")}
      </Badge>
    ),
  },
  { header: "Applied (UTC)", cell: (r) => (r.finishedAt ? formatDateTime(r.finishedAt) : "–") },
  {
    header: "File",
    cell: (r) =>
      r.checksumMatches === false ? <Badge tone="warn">changed</Badge> : r.checksumMatches ? "unchanged" : "–",
  },
];

export async function MigrationTable() {
  const m = await migrationOverview();
  const rows = [...m.failed, ...m.pending, ...m.applied.slice().reverse()];
  return (
    <div className={ui.stack}>
      {m.failed.length > 0 ? (
        <Notice tone="bad">
          Migration {m.failed[0].name} failed: nothing more will be applied until it is resolved (see README,
          Migrations).
        </Notice>
      ) : m.upToDate ? (
        <Notice tone="ok">Up to date at {m.current ?? "(none)"}.</Notice>
      ) : (
        <Notice tone="warn">
          {m.pending.length} pending: run <code>npm run db:migrate -- --backup-first</code>.
        </Notice>
      )}
      {m.existingSchemaWithoutHistory && (
        <Notice tone="warn">
          Existing schema, no history: adopt it with <code>npm run db:migrate -- --backup-first --baseline</code>.
        </Notice>
      )}
      {m.building.map((b) => (
        <Notice key={b.index} tone="info">
          Building {b.index} online: {b.phase}
          {b.percent === null ? "" : ` (${b.percent}%)`}.
        </Notice>
      ))}
      {m.changed.length > 0 && (
        <Notice tone="warn">Changed since applied: {m.changed.map((c) => c.name).join(", ")}.</Notice>
      )}
      <DataTable caption="Migrations" columns={COLUMNS} rows={rows} rowKey={(r) => r.name} testId="migrations" />
    </div>
  );
}
