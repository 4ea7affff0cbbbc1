// The Maintenance tab: dead rows and (auto)vacuum per table, vacuums running
// now, and estimated bloat with the statement that wins the space back.
import {
  indexBloat,
  tableMaintenance,
  vacuumProgress,
  type IndexBloat,
  type TableMaintenance,
  type VacuumProgress,
} from "@/lib/monitoring/maintenance";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatAge, formatBytes, formatDuration, formatNumber, formatPercent } from "@/components/ui/format";

const latest = (...dates: (Date | null)[]) =>
  dates.filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
const when = (manual: Date | null, auto: Date | null) => {
  const last = latest(manual, auto);
  return last ? `${formatAge(last)}${last === auto ? " (auto)" : ""}` : "never";
};

const TABLE_COLUMNS: Column<TableMaintenance>[] = [
  { header: "Table", mono: true, cell: (r) => r.table },
  { header: "Live rows", numeric: true, cell: (r) => formatNumber(r.liveRows) },
  { header: "Dead rows", numeric: true, cell: (r) => formatNumber(r.deadRows) },
  {
    header: "Dead share",
    numeric: true,
    cell: (r) => (r.fix ? <Badge tone="warn">{formatPercent(r.deadShare)}</Badge> : formatPercent(r.deadShare)),
  },
  { header: "Wasted (est.)", numeric: true, cell: (r) => formatBytes(r.wastedBytes) },
  { header: "Last vacuum", cell: (r) => when(r.lastVacuum, r.lastAutovacuum) },
  { header: "Last analyze", cell: (r) => when(r.lastAnalyze, r.lastAutoanalyze) },
  { header: "Fix", mono: true, wrap: true, cell: (r) => r.fix ?? "–" },
];

const PROGRESS_COLUMNS: Column<VacuumProgress>[] = [
  { header: "PID", numeric: true, cell: (r) => r.pid },
  { header: "Table", mono: true, cell: (r) => r.table },
  { header: "Phase", cell: (r) => r.phase },
  { header: "Scanned", numeric: true, cell: (r) => formatPercent(r.scannedShare) },
  { header: "Running", numeric: true, cell: (r) => formatDuration(r.durationMs) },
];

const BLOAT_COLUMNS: Column<IndexBloat>[] = [
  { header: "Index", mono: true, cell: (r) => r.index },
  { header: "Table", mono: true, cell: (r) => r.table },
  { header: "Size", numeric: true, cell: (r) => formatBytes(r.indexBytes) },
  { header: "Wasted (est.)", numeric: true, cell: (r) => formatBytes(r.wastedBytes) },
  { header: "Fix", mono: true, wrap: true, cell: (r) => r.fix },
];

export async function Maintenance() {
  const [tables, running, bloat] = [await tableMaintenance(), await vacuumProgress(), await indexBloat()];
  return (
    <>
      <Card
        title="Vacuum and dead rows"
        description="Dead rows are space autovacuum has not reclaimed yet; a high share with an old last vacuum means autovacuum is not keeping up."
        wide
      >
        <DataTable
          caption="Vacuum and dead rows"
          columns={TABLE_COLUMNS}
          rows={tables}
          rowKey={(r) => r.table}
          testId="maintenance"
        />
      </Card>
      <Card title="Vacuums running now" description="From pg_stat_progress_vacuum." wide>
        {running.length ? (
          <DataTable caption="Vacuums running now" columns={PROGRESS_COLUMNS} rows={running} rowKey={(r) => r.pid} />
        ) : (
          <EmptyState title="No vacuum is running" />
        )}
      </Card>
      <Card
        title="Index bloat (estimated)"
        description="B-tree indexes over 1 MB larger than their rows need, from the planner's statistics: REINDEX CONCURRENTLY rebuilds one without blocking writes."
        wide
      >
        {bloat.length ? (
          <DataTable caption="Index bloat" columns={BLOAT_COLUMNS} rows={bloat} rowKey={(r) => r.index} />
        ) : (
          <EmptyState title="No index is bloated">Every index is within 1 MB of its estimated size.</EmptyState>
        )}
      </Card>
    </>
  );
}
