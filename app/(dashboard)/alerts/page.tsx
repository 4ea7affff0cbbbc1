import Link from "next/link";
import { Suspense } from "react";
import { seesEveryone } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/guard";
import { alertParams, countAlerts, getAlerts, type AlertParams } from "@/lib/db/queries/alerts";
import { COUNT_CAP } from "@/lib/db/queries/cursor";
import { listUsers } from "@/lib/db/queries/users";
import { ALERT_TYPES } from "@/lib/validation";
import { Badge, Notice } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatDateTime, typeLabel } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { countLabel, Pagination, withParams } from "@/components/ui/pagination";
import { pickParams, problemOf, type Raw } from "@/components/ui/search-params";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { DateRangeFields, FilterButtons } from "@/components/ui/filter-fields";
import { ui, cx } from "@/components/ui/styles";

export const metadata = { title: "Alerts" };

type AlertRow = Awaited<ReturnType<typeof getAlerts>>["items"][number];

const COLUMNS: Column<AlertRow>[] = [
  { header: "Sent (UTC)", cell: (a) => formatDateTime(a.alertSentAt) },
  { header: "Ticker", cell: (a) => <strong>{a.ticker}</strong> },
  { header: "Type", cell: (a) => <Badge tone="info">{typeLabel(a.alertType)}</Badge> },
  { header: "Channel", cell: (a) => a.channel },
  { header: "Message", wrap: true, cell: (a) => a.message },
  { header: "User", cell: (a) => a.user.email },
];

async function AlertTable({
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

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Raw> }) {
  const me = await requirePage("/alerts");
  const query = pickParams(await searchParams, ["type", "since", "until", "user", "cursor", "before"]);
  const everyone = seesEveryone(me.role);
  // Traders only ever see their own alerts.
  const parsed = alertParams.safeParse({ ...query, alertType: query.type, userId: everyone ? query.user : me.id });
  const users = everyone ? await listUsers() : [];
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Alerts"
        lead={everyone ? "Alerts sent to every user, newest first." : "Alerts sent to you, newest first."}
      />
      <form method="get" className={cx(ui.card, ui.form)} role="search" aria-label="Filter alerts">
        <label className={ui.field}>
          Type
          <select name="type" defaultValue={query.type ?? ""}>
            <option value="">Any type</option>
            {ALERT_TYPES.map((t) => (
              <option key={t} value={t}>
                {typeLabel(t)}
              </option>
            ))}
          </select>
        </label>
        {everyone && (
          <label className={ui.field}>
            User
            <select name="user" defaultValue={query.user ?? ""}>
              <option value="">Everyone</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.email}
                </option>
              ))}
            </select>
          </label>
        )}
        <DateRangeFields since={query.since} until={query.until} />
        <FilterButtons resetHref="/alerts" />
      </form>
      {parsed.success ? (
        <Suspense key={JSON.stringify(parsed.data)} fallback={<TableSkeleton label="Loading alerts" />}>
          <AlertTable params={parsed.data} query={query} showUser={everyone} />
        </Suspense>
      ) : (
        <Notice tone="bad">
          These filters cannot be used ({problemOf(parsed.error)}). <Link href="/alerts">Reset the filters</Link>.
        </Notice>
      )}
    </div>
  );
}
