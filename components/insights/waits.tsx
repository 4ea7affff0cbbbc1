// The Waits tab: what the database's sessions were doing, sampled every
// second (average active sessions by wait class), and for the span chosen on
// the chart the statements and waits that made up the load. What an operator
// paged for "the scans page is slow" opens first.
import Link from "next/link";
import { waitReport, WAIT_RANGES, type TopQuery, type TopWait, type WaitRange } from "@/lib/monitoring/waits/history";
import { WaitChart } from "@/components/insights/wait-chart";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { cx, ui } from "@/components/ui/styles";

const aas = (n: number) => n.toFixed(2);

const WAIT_COLUMNS: Column<TopWait>[] = [
  { header: "Class", cell: (r) => r.waitClass },
  { header: "Event", mono: true, cell: (r) => r.waitEvent },
  { header: "Relation", mono: true, cell: (r) => r.relation || "–" },
  { header: "Blocked by (pids)", mono: true, wrap: true, cell: (r) => r.blockers || "–" },
  { header: "Avg active sessions", numeric: true, cell: (r) => aas(r.aas) },
];

const QUERY_COLUMNS: Column<TopQuery>[] = [
  { header: "Statement", mono: true, wrap: true, cell: (r) => r.query },
  {
    header: "Waiting on",
    wrap: true,
    cell: (r) =>
      Object.entries(r.byClass)
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${aas(n)}`)
        .join(" · "),
  },
  { header: "Avg active sessions", numeric: true, cell: (r) => aas(r.aas) },
];

export type WaitSpan = { from?: number; to?: number };

export async function Waits({ range, span }: { range: WaitRange; span: WaitSpan }) {
  const r = await waitReport(range, span);
  const every = r.sampleEveryMs ? `${r.sampleEveryMs / 1000} s` : "— (sampling is off: WAIT_SAMPLE_EVERY_MS=0)";
  const cost =
    r.costShare !== null ? ` Sampling took ${(r.costShare * 100).toFixed(2)}% of the time in this range.` : "";
  return (
    <>
      <Card
        title="Database load"
        description={`Average active sessions by what they waited on (CPU: not waiting), sampled every ${every} by one instance, kept 7 days. Click a bucket to see its statements.${cost}`}
        wide
        actions={
          <nav className={ui.toolbar} aria-label="Time range">
            {(Object.keys(WAIT_RANGES) as WaitRange[]).map((r) => (
              <Link key={r} href={`/insights?tab=waits&range=${r}`} aria-current={r === range ? "page" : undefined}>
                {r}
              </Link>
            ))}
          </nav>
        }
      >
        {r.points.length ? (
          <WaitChart
            points={r.points}
            from={r.from}
            to={r.to}
            bucketMs={r.bucketMs}
            selectHref={`/insights?tab=waits&range=${range}`}
            selected={r.selected ? { from: +r.spanFrom, to: +r.spanTo } : null}
          />
        ) : (
          <EmptyState title="No samples in this range yet">
            One instance samples the active sessions every second and writes the counts every 10 seconds.
          </EmptyState>
        )}
      </Card>
      <Card
        title={r.selected ? "The selected span" : `The last ${range}`}
        description={`${formatDateTime(r.spanFrom)} to ${formatDateTime(r.spanTo)}: what made up the load.`}
        wide
        actions={
          r.selected ? (
            <Link href={`/insights?tab=waits&range=${range}`} className={cx(ui.button, ui.secondary, ui.small)}>
              Whole range
            </Link>
          ) : undefined
        }
      >
        <div className={ui.stack} data-testid="wait-span" data-selected={r.selected ? "true" : "false"}>
          {r.waits.length ? (
            <>
              <DataTable
                caption="Top waits"
                columns={WAIT_COLUMNS}
                rows={r.waits}
                rowKey={(r) => `${r.waitClass}:${r.waitEvent}:${r.relation}`}
                testId="top-waits"
              />
              <DataTable
                caption="Top statements"
                columns={QUERY_COLUMNS}
                rows={r.queries}
                rowKey={(r) => r.queryKey}
                testId="top-wait-queries"
              />
            </>
          ) : (
            <EmptyState title="No active sessions sampled">Nothing was running when the samples were taken.</EmptyState>
          )}
        </div>
      </Card>
    </>
  );
}
