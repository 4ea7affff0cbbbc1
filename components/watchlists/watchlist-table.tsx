// A watchlist's items; on your own list, each row has its quiet actions.
import { TickerLink } from "@/components/tickers/ticker-link";
import { markTriggeredAction, removeFromWatchlistAction } from "@/lib/actions/watchlists";
import type { getWatchlist } from "@/lib/db/queries/watchlists";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatDateTime, formatPrice, typeLabel } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";
import { WatchlistRowActions } from "./row-actions";

type Item = Awaited<ReturnType<typeof getWatchlist>>[number];

const COLUMNS: Column<Item>[] = [
  { header: "Ticker", cell: (item) => <TickerLink symbol={item.ticker} /> },
  { header: "Pattern", cell: (item) => (item.patternType ? typeLabel(item.patternType) : "–") },
  { header: "Target", numeric: true, cell: (item) => formatPrice(item.targetPrice) },
  { header: "Added (UTC)", cell: (item) => formatDateTime(item.addedAt) },
  {
    header: "Status",
    cell: (item) =>
      item.triggeredAt ? (
        <>
          <Badge tone="ok">Triggered</Badge>
          <br />
          <span className={ui.muted}>{formatDateTime(item.triggeredAt)}</span>
        </>
      ) : (
        <Badge>Waiting</Badge>
      ),
  },
  { header: "Notes", wrap: true, cell: (item) => item.notes ?? "" },
];

const ACTIONS: Column<Item> = {
  header: "Actions",
  cell: (item) => (
    <WatchlistRowActions
      id={item.id}
      ticker={item.ticker}
      triggered={Boolean(item.triggeredAt)}
      trigger={markTriggeredAction}
      remove={removeFromWatchlistAction}
    />
  ),
};

/** `own`: the signed-in user's list, with the row actions; someone else's is read only. */
export function WatchlistTable({ items, own }: { items: Item[]; own: boolean }) {
  return (
    <DataTable
      caption="Watchlist items"
      columns={own ? [...COLUMNS, ACTIONS] : COLUMNS}
      rows={items}
      rowKey={(item) => item.id}
    />
  );
}
