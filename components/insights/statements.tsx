// The Statements tab: pg_stat_statements history (busiest statements in the
// chosen range, a chart per statement), growth per table over the snapshots
// kept, and the index advisor (run on request: it asks the planner many times).
import Link from "next/link";
import { adviseIndexes, type Suggestion } from "@/lib/monitoring/index-advisor";
import {
  HISTORY_RANGES,
  recentStatementHistory,
  statementsAvailable,
  tableGrowth,
  type HistoryRange,
  type StatementSeries,
  type TableGrowth,
} from "@/lib/monitoring/snapshots";
import { StatementChart } from "@/components/insights/statement-chart";
import { Notice } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatAge, formatBytes, formatNumber } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

const SERIES_COLUMNS: Column<StatementSeries>[] = [
  { header: "Statement", mono: true, wrap: true, cell: (r) => r.query },
  { header: "Calls", numeric: true, cell: (r) => formatNumber(r.calls) },
  { header: "Mean ms", numeric: true, cell: (r) => (r.calls ? (r.totalMs / r.calls).toFixed(2) : "–") },
  { header: "Total ms", numeric: true, cell: (r) => formatNumber(Math.round(r.totalMs)) },
];

const GROWTH_COLUMNS: Column<TableGrowth>[] = [
  { header: "Table", mono: true, cell: (r) => r.table },
  { header: "Size now", numeric: true, cell: (r) => formatBytes(r.bytesNow) },
  {
    header: "Grew",
    numeric: true,
    cell: (r) => `${r.bytesGrowth < 0 ? "−" : "+"}${formatBytes(Math.abs(r.bytesGrowth))}`,
  },
  { header: "Rows (est.)", numeric: true, cell: (r) => `${r.rowsGrowth < 0 ? "" : "+"}${formatNumber(r.rowsGrowth)}` },
  { header: "Since", cell: (r) => formatAge(r.since) },
];

const SUGGESTION_COLUMNS: Column<Suggestion>[] = [
  { header: "Statement", mono: true, wrap: true, cell: (r) => r.query },
  {
    header: "Cost before → after",
    numeric: true,
    cell: (r) => `${formatNumber(Math.round(r.costBefore))} → ${formatNumber(Math.round(r.costAfter))}`,
  },
  {
    header: "Make it a migration",
    mono: true,
    wrap: true,
    cell: (r) => `npm run db:migration:new -- ${r.migrationName} --up '${r.up}' --down '${r.down}'`,
  },
];

const ENABLE_STATEMENTS = (
  <>
    To enable it, add <code>shared_preload_libraries = &apos;pg_stat_statements&apos;</code> to postgresql.conf, restart
    Postgres, then run <code>CREATE EXTENSION pg_stat_statements;</code> in this database.
  </>
);

async function Advisor() {
  const report = await adviseIndexes();
  if (!report.available)
    return (
      <Notice tone="info">
        Not available: {report.reason}. To enable it: install the extension on the database server (Debian:{" "}
        <code>apt-get install postgresql-15-hypopg</code>; most managed hosts offer it), then run{" "}
        <code>CREATE EXTENSION hypopg;</code> in this database. No restart is needed.
      </Notice>
    );
  return report.suggestions.length ? (
    <DataTable
      caption="Index suggestions"
      columns={SUGGESTION_COLUMNS}
      rows={report.suggestions}
      rowKey={(r) => r.up}
      testId="index-suggestions"
    />
  ) : (
    <EmptyState title="No index to suggest">
      {report.examined} statements examined: no hypothetical index cuts any of their costs by a third.
    </EmptyState>
  );
}

export async function Statements({ range, advise }: { range: HistoryRange; advise: boolean }) {
  const { from, to, series } = await recentStatementHistory(range);
  const [available, growth] = [await statementsAvailable(), await tableGrowth()];
  return (
    <>
      <Card
        title="Statement history"
        description="pg_stat_statements, snapshotted every 5 minutes and kept 7 days: what each busy statement cost in each interval."
        wide
        actions={
          <nav className={ui.toolbar} aria-label="Time range">
            {(Object.keys(HISTORY_RANGES) as HistoryRange[]).map((r) => (
              <Link
                key={r}
                href={`/insights?tab=statements&range=${r}`}
                aria-current={r === range ? "page" : undefined}
              >
                {r}
              </Link>
            ))}
          </nav>
        }
      >
        {!available && (
          <Notice tone="info">pg_stat_statements is not installed in this database. {ENABLE_STATEMENTS}</Notice>
        )}
        {series.length ? (
          <>
            <StatementChart series={series} from={from} to={to} />
            <DataTable
              caption="Busiest statements"
              columns={SERIES_COLUMNS}
              rows={series}
              rowKey={(r) => r.id}
              testId="statement-history"
            />
          </>
        ) : (
          <EmptyState title="No history in this range yet">
            Snapshots are taken every 5 minutes; two are needed for a first interval.
          </EmptyState>
        )}
      </Card>
      <Card
        title="Growth per table"
        description="Size and row estimate now against the oldest snapshot kept (7 days at most)."
        wide
      >
        {growth.length ? (
          <DataTable
            caption="Growth per table"
            columns={GROWTH_COLUMNS}
            rows={growth}
            rowKey={(r) => r.table}
            testId="table-growth"
          />
        ) : (
          <EmptyState title="No snapshots yet">The first is taken within 5 minutes of the app starting.</EmptyState>
        )}
      </Card>
      <Card
        title="Index advisor"
        description="For the slowest statements on one table: hypothetical indexes (hypopg; nothing is built) and the planner's cost before and after."
        wide
      >
        {advise ? (
          <Advisor />
        ) : (
          <Link className={ui.button} href={`/insights?tab=statements&range=${range}&advise=1`}>
            Run the index advisor
          </Link>
        )}
      </Card>
    </>
  );
}
