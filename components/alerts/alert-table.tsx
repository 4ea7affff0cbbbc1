// The alert results: count, table, newer/older pages (a server component that reads them).
import { COUNT_CAP } from "@/lib/db/queries/cursor";
import { countAlerts, getAlerts, type AlertParams } from "@/lib/db/queries/alerts";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, typeLabel } from "@/components/ui/format";
import { countLabel, Pagination, withParams } from "@/components/ui/pagination";
import { ui } from "@/components/ui/styles";

type AlertRow = Awaited<ReturnType<typeof getAlerts>>["items"][number];

const COLUMNS: Column<AlertRow>[] = [
  { header: "Sent (UTC)", cell: (a) => formatDateTime(a.alertSentAt) },
  { header: "Ticker", cell: (a) => <strong>{a.ticker}</strong> },
  { header: "Type", cell: (a) => <Badge tone="info">{typeLabel(a.alertType)}</Badge> },
  { header: "Channel", cell: (a) => a.channel },
  { header: "Message", wrap: true, cell: (a) => a.message },
  { header: "User", cell: (a) => a.user.email },
];

export async function AlertTable({
  params,
  query,
  showUser,
}: {
  params: AlertParams;
  query: Record<string, string | undefined>;
  /** Off for someone who sees only their own alerts: the column would repeat their e-mail on every row. */
  showUser: boolean;
}) {
  const [{ items, nextCursor, prevCursor }, total] = await Promise.all([getAlerts(params), countAlerts(params)]);
  if (total === 0) {
    return (
      <div className={ui.card}>
        <EmptyState title="No alerts match">Widen the date range or choose another type.</EmptyState>
      </div>
    );
  }
  return (
    <section aria-label="Alerts">
      <p className={ui.muted} role="status" data-testid="result-count">
        {countLabel(total, COUNT_CAP)} alerts
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
        href={(page) => withParams("/alerts", { ...query, cursor: undefined, before: undefined }, page)}
      />
    </section>
  );
}
