import Link from "next/link";
import { Suspense } from "react";
import { seesEveryone } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/guard";
import { alertListParams, listAlerts } from "@/lib/db/queries/alerts";
import { listUsers } from "@/lib/db/queries/users";
import { ALERT_TYPES } from "@/lib/validation";
import { Badge, Notice } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { pickParams, problemOf, type Raw } from "@/components/ui/search-params";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { DateRangeFields, FilterButtons } from "@/components/ui/filter-fields";
import { ui, cx } from "@/components/ui/styles";

export const metadata = { title: "Alerts" };

const label = (t: string) => t.toLowerCase().replace(/_/g, " ");

async function AlertTable({ params, query }: { params: Parameters<typeof listAlerts>[0]; query: Record<string, string | undefined> }) {
  const { items, total, page, pageSize } = await listAlerts(params);
  if (total === 0) {
    return <div className={ui.card}><EmptyState title="No alerts match">Widen the date range or choose another type.</EmptyState></div>;
  }
  return (
    <section aria-label="Alerts">
      <p className={ui.muted} role="status" data-testid="result-count">{formatNumber(total)} alerts</p>
      <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Alerts, newest first">
        <table className={ui.table}>
          <caption className="visually-hidden">Alerts, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Sent (UTC)</th>
              <th scope="col">Ticker</th>
              <th scope="col">Type</th>
              <th scope="col">Channel</th>
              <th scope="col">Message</th>
              <th scope="col">User</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{formatDateTime(a.alertSentAt)}</td>
                <td><strong>{a.ticker}</strong></td>
                <td><Badge tone="info">{label(a.alertType)}</Badge></td>
                <td>{a.channel}</td>
                <td className={ui.wrap}>{a.message}</td>
                <td>{a.user.email}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={pageSize} total={total} href={(p) => withParams("/alerts", query, { page: p })} />
    </section>
  );
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Raw> }) {
  const me = await requirePage("/alerts");
  const query = pickParams(await searchParams, ["type", "since", "until", "user", "page"]);
  const everyone = seesEveryone(me.role);
  // Traders only ever see their own alerts.
  const parsed = alertListParams.safeParse({ ...query, alertType: query.type, userId: everyone ? query.user : me.id });
  const users = everyone ? await listUsers() : [];
  return (
    <div className={ui.stack}>
      <PageHeader title="Alerts" lead={everyone ? "Alerts sent to every user, newest first." : "Alerts sent to you, newest first."} />
      <form method="get" className={cx(ui.card, ui.form)} role="search" aria-label="Filter alerts">
        <label className={ui.field}>
          Type
          <select name="type" defaultValue={query.type ?? ""}>
            <option value="">Any type</option>
            {ALERT_TYPES.map((t) => <option key={t} value={t}>{label(t)}</option>)}
          </select>
        </label>
        {everyone && (
          <label className={ui.field}>
            User
            <select name="user" defaultValue={query.user ?? ""}>
              <option value="">Everyone</option>
              {users.map((u) => <option key={u.id} value={u.id}>{u.email}</option>)}
            </select>
          </label>
        )}
        <DateRangeFields since={query.since} until={query.until} />
        <FilterButtons resetHref="/alerts" />
      </form>
      {parsed.success ? (
        <Suspense key={JSON.stringify(parsed.data)} fallback={<TableSkeleton label="Loading alerts" />}>
          <AlertTable params={parsed.data} query={query} />
        </Suspense>
      ) : (
        <Notice tone="bad">These filters cannot be used ({problemOf(parsed.error)}). <Link href="/alerts">Reset the filters</Link>.</Notice>
      )}
    </div>
  );
}
