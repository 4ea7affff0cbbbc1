// The scan results: count, table, pages.
import { listScans, type ScanListParams } from "@/lib/db/queries/scan-list";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, formatNumber, formatPrice } from "@/components/ui/format";
import { Pagination, withParams } from "@/components/ui/pagination";
import { ui } from "@/components/ui/styles";
import { patternLabel } from "./scan-filters";

const scoreTone = (score: number) => (score >= 8 ? "ok" : score >= 6 ? "info" : "neutral");

export async function ScanTable({ params, query }: { params: ScanListParams; query: Record<string, string | undefined> }) {
  const { items, total, page, pageSize } = await listScans(params);
  if (total === 0) {
    return (
      <div className={ui.card}>
        <EmptyState title="No scans match these filters">Try a lower minimum score, another pattern, or a wider date range.</EmptyState>
      </div>
    );
  }
  return (
    <section aria-label="Scan results">
      <p className={ui.muted} role="status" data-testid="result-count">
        {formatNumber(total)} {total === 1 ? "scan" : "scans"} found
      </p>
      <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Scan results">
        <table className={ui.table}>
          <caption className="visually-hidden">Pattern scans, {params.sort} first</caption>
          <thead>
            <tr>
              <th scope="col">Scanned (UTC)</th>
              <th scope="col">Ticker</th>
              <th scope="col">Pattern</th>
              <th scope="col" className={ui.num}>Score</th>
              <th scope="col" className={ui.num}>Pivot</th>
              <th scope="col" className={ui.num}>Entry</th>
            </tr>
          </thead>
          <tbody>
            {items.map((scan) => (
              <tr key={scan.id}>
                <td>{formatDateTime(scan.scannedAt)}</td>
                <td><strong>{scan.ticker}</strong></td>
                <td>{patternLabel(scan.patternType)}</td>
                <td className={ui.num}><Badge tone={scoreTone(scan.score)}>{scan.score.toFixed(1)}</Badge></td>
                <td className={ui.num}>{formatPrice(scan.pivotPrice)}</td>
                <td className={ui.num}>{formatPrice(scan.entryPrice)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={pageSize} total={total} href={(p) => withParams("/scans", query, { page: p })} />
    </section>
  );
}
