// The alert results: count, table, newer/older pages (a server component that reads them).
import { TickerLink } from "@/components/tickers/ticker-link";
import { COUNT_CAP } from "@/lib/db/queries/cursor";
import { ALERT_PAGE_SIZE, countAlerts, getAlerts, type AlertParams } from "@/lib/db/queries/alerts";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, typeLabel } from "@/components/ui/format";
import { Pagination, rangeLabel, withParams } from "@/components/ui/pagination";
import { ui } from "@/components/ui/styles";

type AlertRow = Awaited<ReturnType<typeof getAlerts>>["items"][number];

const COLUMNS: Column<AlertRow>[] = [
  { header: "Sent (UTC)", cell: (a) => formatDateTime(a.alertSentAt) },
  { header: "Ticker", cell: (a) => <TickerLink symbol={a.ticker} /> },
  { header: "Type", cell: (a) => <Badge tone="info">{typeLabel(a.alertType)}</Badge> },
  { header: "Channel", cell: (a) => a.channel },
  { header: "Message", wrap: true, cell: (a) => a.message },
  { header: "User", cell: (a) => a.user.email },
];

export async function AlertTable({
  params,
  query,
  showUser,
  page,
}: {
  params: AlertParams;
  query: Record<string, string | undefined>;
  /** Off for someone who sees only their own alerts: the column would repeat their e-mail on every row. */
  showUser: boolean;
  page: number | null;
}) {
  const [{ items, nextCursor, prevCursor }, total] = await Promise.all([getAlerts(params), countAlerts(params)]);
  if (total === 0) {
    return (
      <div className={ui.card}>
        <EmptyState title="No alerts match">Widen the date range, choose another type or clear the ticker.</EmptyState>
      </div>
    );
  }
  return (
    <section aria-label="Alerts">
      <p className={ui.muted} role="status" data-testid="result-count">
        {rangeLabel(page, ALERT_PAGE_SIZE, items.length, total, COUNT_CAP)} alerts
      </p>
      <DataTable
        caption="Alerts, newest first"
        columns={showUser ? COLUMNS : COLUMNS.filter((c) => c.header !== "User")}
        rows={items}
        rowKey={(a) => a.id}
      />
      <Pagination
        prevCursor={prevCursor}
        nextCursor={nextCursor}
        page={page}
        href={(to) => withParams("/alerts", { ...query, cursor: undefined, before: undefined, page: undefined }, to)}
      />
    </section>
  );
}
