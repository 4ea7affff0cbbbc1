// The scan results: where this page sits in the count, the table (each ticker
// linked to its page, each row with a watch button), newer/older pages.
import Link from "next/link";
import { COUNT_CAP } from "@/lib/db/queries/cursor";
import { listScans, SCAN_PAGE_SIZE, type ScanListParams } from "@/lib/db/queries/scan-list";
import type { ScanListItem } from "@/lib/db/queries/scan-find";
import { PATTERN_TYPES } from "@/lib/validation";
import { addToWatchlistAction } from "@/lib/actions/watchlists";
import { TickerLink } from "@/components/tickers/ticker-link";
import { WatchButton } from "@/components/watchlists/watch-button";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, formatPrice, typeLabel } from "@/components/ui/format";
import { Pagination, rangeLabel, withParams } from "@/components/ui/pagination";
import { ui } from "@/components/ui/styles";

export const scoreTone = (score: number) => (score >= 8 ? "ok" : score >= 6 ? "info" : "neutral");

const columns = (watched: Set<string>): Column<ScanListItem>[] => [
  { header: "Scanned (UTC)", cell: (s) => formatDateTime(s.scannedAt) },
  { header: "Ticker", cell: (s) => <TickerLink symbol={s.ticker} /> },
  { header: "Pattern", cell: (s) => typeLabel(s.patternType) },
  { header: "Score", numeric: true, cell: (s) => <Badge tone={scoreTone(s.score)}>{s.score.toFixed(1)}</Badge> },
  { header: "Pivot", numeric: true, cell: (s) => formatPrice(s.pivotPrice) },
  { header: "Entry", numeric: true, cell: (s) => formatPrice(s.entryPrice) },
  {
    header: "Watch",
    cell: (s) => (
      <WatchButton
        action={addToWatchlistAction}
        ticker={s.ticker}
        patternType={s.patternType}
        targetPrice={s.pivotPrice}
        watched={watched.has(s.ticker)}
      />
    ),
  },
];

function UnknownPattern({ pattern }: { pattern: string }) {
  return (
    <div className={ui.card}>
      <EmptyState title={`No scan has the pattern "${pattern}"`}>
        The scanner has not reported a pattern by that name. Known patterns:{" "}
        {PATTERN_TYPES.map((p, i) => (
          <span key={p}>
            {i > 0 && ", "}
            <Link href={`/scans?pattern=${p}`}>{typeLabel(p)}</Link>
          </span>
        ))}
        .
      </EmptyState>
    </div>
  );
}

export async function ScanTable({
  params,
  query,
  page,
  watched,
}: {
  params: ScanListParams;
  query: Record<string, string | undefined>;
  page: number | null;
  watched: Set<string>;
}) {
  const { items, total, nextCursor, prevCursor } = await listScans(params);
  if (total === 0) {
    if (params.patternType && !(PATTERN_TYPES as readonly string[]).includes(params.patternType))
      return <UnknownPattern pattern={params.patternType} />;
    return (
      <div className={ui.card}>
        <EmptyState title="No scans match these filters">
          Try a lower minimum score, another pattern, or a wider date range.
        </EmptyState>
      </div>
    );
  }
  const timeOrder = params.sort !== "score";
  const labels =
    params.sort === "oldest"
      ? { prev: "← Older", next: "Newer →" }
      : timeOrder
        ? undefined
        : { prev: "← Previous", next: "Next →" };
  return (
    <section aria-label="Scan results">
      <p className={ui.muted} role="status" data-testid="result-count">
        {rangeLabel(page, SCAN_PAGE_SIZE, items.length, total, COUNT_CAP)} {total === 1 ? "scan" : "scans"}
      </p>
      <DataTable
        caption={`Scan results, ${params.sort} first`}
        columns={columns(watched)}
        rows={items}
        rowKey={(s) => s.id}
      />
      <Pagination
        prevCursor={prevCursor}
        nextCursor={nextCursor}
        labels={labels}
        page={page}
        href={(to) => withParams("/scans", { ...query, cursor: undefined, before: undefined, page: undefined }, to)}
      />
    </section>
  );
}
