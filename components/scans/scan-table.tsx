// The scan results: count, table, newer/older pages.
import { COUNT_CAP } from "@/lib/db/queries/cursor";
import { listScans, type ScanListParams } from "@/lib/db/queries/scan-list";
import type { ScanListItem } from "@/lib/db/queries/scan-find";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, formatPrice, typeLabel } from "@/components/ui/format";
import { countLabel, Pagination, withParams } from "@/components/ui/pagination";
import { ui } from "@/components/ui/styles";

const scoreTone = (score: number) => (score >= 8 ? "ok" : score >= 6 ? "info" : "neutral");

const COLUMNS: Column<ScanListItem>[] = [
  { header: "Scanned (UTC)", cell: (s) => formatDateTime(s.scannedAt) },
  { header: "Ticker", cell: (s) => <strong>{s.ticker}</strong> },
  { header: "Pattern", cell: (s) => typeLabel(s.patternType) },
  { header: "Score", numeric: true, cell: (s) => <Badge tone={scoreTone(s.score)}>{s.score.toFixed(1)}</Badge> },
  { header: "Pivot", numeric: true, cell: (s) => formatPrice(s.pivotPrice) },
  { header: "Entry", numeric: true, cell: (s) => formatPrice(s.entryPrice) },
];

export async function ScanTable({
  params,
  query,
}: {
  params: ScanListParams;
  query: Record<string, string | undefined>;
}) {
  const { items, total, nextCursor, prevCursor } = await listScans(params);
  if (total === 0) {
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
        {countLabel(total, COUNT_CAP)} {total === 1 ? "scan" : "scans"} found
      </p>
      <DataTable caption={`Scan results, ${params.sort} first`} columns={COLUMNS} rows={items} rowKey={(s) => s.id} />
      <Pagination
        prevCursor={prevCursor}
        nextCursor={nextCursor}
        labels={labels}
        href={(page) => withParams("/scans", { ...query, cursor: undefined, before: undefined }, page)}
      />
    </section>
  );
}
