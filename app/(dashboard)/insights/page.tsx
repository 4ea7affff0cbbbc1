import { Suspense } from "react";
import { explainAction } from "@/lib/actions/insights";
import { requirePage } from "@/lib/auth/guard";
import { HOT_QUERIES } from "@/lib/monitoring/hot-queries";
import { cacheHitRatio, connectionsByState, indexUsage, slowQueries, tableSizes } from "@/lib/monitoring/insights";
import { ExplainForm } from "@/components/insights/explain-form";
import { Badge, Notice } from "@/components/ui/badge";
import { Card, CardSkeleton } from "@/components/ui/card";
import { formatBytes, formatNumber, formatPercent } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Insights" };
export const dynamic = "force-dynamic";

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
      <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Connections">
        <table className={ui.table} data-testid="connections">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Application</th>
              <th scope="col" className={ui.num}>
                Sessions
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.state}-${r.application}`}>
                <td>{r.state}</td>
                <td>{r.application}</td>
                <td className={ui.num}>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

async function Tables() {
  const rows = await tableSizes();
  return (
    <Card
      title="Tables"
      description="Sizes, and how each table is read: many sequential scans on a big table mean a missing index."
      wide
    >
      <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Table sizes">
        <table className={ui.table} data-testid="table-sizes">
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col" className={ui.num}>
                Rows (est.)
              </th>
              <th scope="col" className={ui.num}>
                Total
              </th>
              <th scope="col" className={ui.num}>
                Data
              </th>
              <th scope="col" className={ui.num}>
                Indexes
              </th>
              <th scope="col" className={ui.num}>
                Seq scans
              </th>
              <th scope="col" className={ui.num}>
                Index scans
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.table}>
                <td className={ui.mono}>{r.table}</td>
                <td className={ui.num}>{formatNumber(r.rows)}</td>
                <td className={ui.num}>{formatBytes(r.totalBytes)}</td>
                <td className={ui.num}>{formatBytes(r.tableBytes)}</td>
                <td className={ui.num}>{formatBytes(r.indexBytes)}</td>
                <td className={ui.num}>{formatNumber(r.seqScans)}</td>
                <td className={ui.num}>{formatNumber(r.indexScans)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
      <div
        className={ui.tableWrap}
        style={{ marginTop: "0.75rem" }}
        tabIndex={0}
        role="region"
        aria-label="Index usage"
      >
        <table className={ui.table} data-testid="index-usage">
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col">Index</th>
              <th scope="col" className={ui.num}>
                Scans
              </th>
              <th scope="col" className={ui.num}>
                Size
              </th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.index}>
                <td className={ui.mono}>{r.table}</td>
                <td className={ui.mono}>{r.index}</td>
                <td className={ui.num}>{formatNumber(r.scans)}</td>
                <td className={ui.num}>{formatBytes(r.sizeBytes)}</td>
                <td>
                  {r.primary ? (
                    <Badge>primary key</Badge>
                  ) : r.unique ? (
                    <Badge>unique</Badge>
                  ) : r.scans === 0 ? (
                    <Badge tone="warn">unused</Badge>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

async function Statements() {
  const slow = await slowQueries();
  return (
    <Card title="Slowest statements" description="From pg_stat_statements, by mean time." wide>
      {slow.enabled ? (
        <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Slowest statements">
          <table className={ui.table}>
            <thead>
              <tr>
                <th scope="col">Statement</th>
                <th scope="col" className={ui.num}>
                  Calls
                </th>
                <th scope="col" className={ui.num}>
                  Mean ms
                </th>
                <th scope="col" className={ui.num}>
                  Total ms
                </th>
              </tr>
            </thead>
            <tbody>
              {slow.rows.map((r, i) => (
                <tr key={i}>
                  <td className={`${ui.mono} ${ui.wrap}`}>{r.query}</td>
                  <td className={ui.num}>{formatNumber(r.calls)}</td>
                  <td className={ui.num}>{r.meanMs.toFixed(2)}</td>
                  <td className={ui.num}>{formatNumber(Math.round(r.totalMs))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

export default async function InsightsPage() {
  await requirePage("/insights");
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Insights"
        lead="What the database is doing, read from Postgres's statistics (cached for 30 seconds)."
      />
      <div className={ui.grid}>
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
      </div>
    </div>
  );
}
