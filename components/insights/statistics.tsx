// The Statistics tab: cache hit ratio, connections, table sizes, index usage,
// the slowest statements, and EXPLAIN ANALYZE of the hot queries.
import { Suspense } from "react";
import { explainAction } from "@/lib/actions/insights";
import { HOT_QUERIES } from "@/lib/db/queries/hot-queries";
import { cacheHitRatio, connectionsByState, indexUsage, slowQueries, tableSizes } from "@/lib/monitoring/insights";
import { ExplainForm } from "@/components/insights/explain-form";
import { Badge, Notice } from "@/components/ui/badge";
import { Card, CardSkeleton } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatBytes, formatNumber, formatPercent } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

type Row<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>> extends (infer R)[] ? R : never;

const CONNECTION_COLUMNS: Column<Row<typeof connectionsByState>>[] = [
  { header: "State", cell: (r) => r.state },
  { header: "Application", cell: (r) => r.application },
  { header: "Sessions", numeric: true, cell: (r) => r.count },
];

const TABLE_COLUMNS: Column<Row<typeof tableSizes>>[] = [
  { header: "Table", mono: true, cell: (r) => r.table },
  {
    header: "Rows",
    numeric: true,
    cell: (r) =>
      r.rows < 0 ? (
        <span className={ui.muted}>not analyzed</span>
      ) : r.rowsCounted ? (
        formatNumber(r.rows)
      ) : (
        <span title="the planner's estimate (pg_class.reltuples, from the last ANALYZE)">≈ {formatNumber(r.rows)}</span>
      ),
  },
  { header: "Total", numeric: true, cell: (r) => formatBytes(r.totalBytes) },
  { header: "Data", numeric: true, cell: (r) => formatBytes(r.tableBytes) },
  { header: "Indexes", numeric: true, cell: (r) => formatBytes(r.indexBytes) },
  { header: "Seq scans", numeric: true, cell: (r) => formatNumber(r.seqScans) },
  { header: "Index scans", numeric: true, cell: (r) => formatNumber(r.indexScans) },
];

const INDEX_COLUMNS: Column<Row<typeof indexUsage>>[] = [
  { header: "Table", mono: true, cell: (r) => r.table },
  { header: "Index", mono: true, cell: (r) => r.index },
  { header: "Scans", numeric: true, cell: (r) => formatNumber(r.scans) },
  { header: "Size", numeric: true, cell: (r) => formatBytes(r.sizeBytes) },
  {
    header: "Note",
    cell: (r) =>
      r.primary ? (
        <Badge>primary key</Badge>
      ) : r.unique ? (
        <Badge>unique</Badge>
      ) : r.scans === 0 ? (
        <Badge tone="warn">unused</Badge>
      ) : null,
  },
];

type Statement = Extract<Awaited<ReturnType<typeof slowQueries>>, { enabled: true }>["rows"][number];
const STATEMENT_COLUMNS: Column<Statement>[] = [
  { header: "Statement", mono: true, wrap: true, cell: (r) => r.query },
  { header: "Calls", numeric: true, cell: (r) => formatNumber(r.calls) },
  { header: "Mean ms", numeric: true, cell: (r) => r.meanMs.toFixed(2) },
  { header: "Total ms", numeric: true, cell: (r) => formatNumber(Math.round(r.totalMs)) },
];

async function HitRatio() {
  const ratio = await cacheHitRatio();
  const tone = (r: number | null) => (r === null ? "neutral" : r >= 0.99 ? "ok" : r >= 0.95 ? "warn" : "bad");
  return (
    <Card
      title="Postgres cache hit ratio"
      description="Reads served from shared buffers; below 99% the working set may not fit in memory."
    >
      <dl className={ui.facts}>
        <dt>Tables</dt>
        <dd>
          <Badge tone={tone(ratio.tables)}>{formatPercent(ratio.tables, 2)}</Badge>
        </dd>
        <dt>Indexes</dt>
        <dd>
          <Badge tone={tone(ratio.indexes)}>{formatPercent(ratio.indexes, 2)}</Badge>
        </dd>
      </dl>
    </Card>
  );
}

async function Connections() {
  const rows = await connectionsByState();
  return (
    <Card title="Connections by state" description="This database's sessions in pg_stat_activity.">
      <DataTable
        caption="Connections"
        columns={CONNECTION_COLUMNS}
        rows={rows}
        rowKey={(r) => `${r.state}-${r.application}`}
        testId="connections"
      />
    </Card>
  );
}

async function Tables() {
  const rows = await tableSizes();
  return (
    <Card
      title="Tables"
      description="Sizes, and how each table is read: many sequential scans on a big table mean a missing index. Rows are counted in tables under 8 MB; ≈ marks the planner's estimate for bigger ones (from the last ANALYZE)."
      wide
    >
      <DataTable
        caption="Table sizes"
        columns={TABLE_COLUMNS}
        rows={rows}
        rowKey={(r) => r.table}
        testId="table-sizes"
      />
    </Card>
  );
}

async function Indexes() {
  const rows = await indexUsage();
  const unused = rows.filter((r) => r.scans === 0 && !r.unique && !r.primary);
  return (
    <Card
      title="Index usage"
      description="Scans since statistics were last reset. An unused index costs every write and buys nothing."
      wide
    >
      {unused.length > 0 && (
        <Notice tone="warn">
          {unused.length} unused: {unused.map((u) => u.index).join(", ")}. Check over a full business cycle before
          dropping.
        </Notice>
      )}
      <DataTable
        caption="Index usage"
        columns={INDEX_COLUMNS}
        rows={rows}
        rowKey={(r) => r.index}
        testId="index-usage"
      />
    </Card>
  );
}

async function Statements() {
  const slow = await slowQueries();
  return (
    <Card title="Slowest statements" description="From pg_stat_statements, by mean time." wide>
      {slow.enabled ? (
        <DataTable caption="Slowest statements" columns={STATEMENT_COLUMNS} rows={slow.rows} rowKey={(r) => r.query} />
      ) : (
        <Notice tone="info">
          Not available: {slow.reason}. To enable it, add{" "}
          <code>shared_preload_libraries = &apos;pg_stat_statements&apos;</code> to postgresql.conf, restart Postgres,
          then run <code>CREATE EXTENSION pg_stat_statements;</code> in this database (managed hosts usually offer it as
          a setting).
        </Notice>
      )}
    </Card>
  );
}

export function Statistics() {
  return (
    <>
      <Suspense fallback={<CardSkeleton title="Postgres cache hit ratio" height={70} />}>
        <HitRatio />
      </Suspense>
      <Suspense fallback={<CardSkeleton title="Connections by state" height={140} />}>
        <Connections />
      </Suspense>
      <Suspense fallback={<CardSkeleton title="Tables" height={300} wide />}>
        <Tables />
      </Suspense>
      <Suspense fallback={<CardSkeleton title="Index usage" height={500} wide />}>
        <Indexes />
      </Suspense>
      <Suspense fallback={<CardSkeleton title="Slowest statements" height={120} wide />}>
        <Statements />
      </Suspense>
      <Card
        title="Diagnose a hot query"
        description="How a slow query is diagnosed: EXPLAIN ANALYZE, in a read-only transaction with a 10-second limit."
        wide
      >
        <ExplainForm action={explainAction} queries={HOT_QUERIES.map(({ id, name }) => ({ id, name }))} />
      </Card>
    </>
  );
}
