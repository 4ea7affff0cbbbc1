import Link from "next/link";
import { z } from "zod";
import { addToWatchlistAction, markTriggeredAction, removeFromWatchlistAction } from "@/lib/actions/watchlists";
import { seesEveryone } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/guard";
import { PATTERN_TYPES } from "@/lib/validation";
import { listUsers } from "@/lib/db/queries/users";
import { getWatchlist } from "@/lib/db/queries/watchlists";
import { AddWatchlistForm } from "@/components/watchlists/add-form";
import { WatchlistRowActions } from "@/components/watchlists/row-actions";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, formatPrice, typeLabel } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { withParams } from "@/components/ui/pagination";
import { pickParams, type Raw } from "@/components/ui/search-params";
import { ui, cx } from "@/components/ui/styles";

export const metadata = { title: "Watchlists" };

const STATUSES = { all: "All", triggered: "Triggered", waiting: "Waiting" } as const;
const params = z.object({
  status: z.enum(["all", "triggered", "waiting"]).catch("all"),
  user: z.coerce.number().int().positive().optional().catch(undefined),
});

export default async function WatchlistsPage({ searchParams }: { searchParams: Promise<Raw> }) {
  const me = await requirePage("/watchlists");
  const query = pickParams(await searchParams, ["status", "user"]);
  const { status, user } = params.parse(query);
  // Traders see their own list, whatever the URL says; operators and admins may look at anyone's.
  const userId = seesEveryone(me.role) && user ? user : me.id;
  const own = userId === me.id;
  const [items, users] = await Promise.all([
    getWatchlist({ userId, triggered: status === "all" ? undefined : status === "triggered", limit: 500 }),
    seesEveryone(me.role) ? listUsers() : Promise.resolve([]),
  ]);
  const owner = users.find((u) => u.id === userId);

  return (
    <div className={ui.stack}>
      <PageHeader
        title="Watchlists"
        lead={
          own ? "Tickers you are watching, newest first." : `${owner?.name ?? "This user"}'s watchlist (read only).`
        }
      />
      <form method="get" className={cx(ui.card, ui.form)} aria-label="Choose the list">
        {seesEveryone(me.role) && (
          <label className={ui.field}>
            Whose list
            <select name="user" defaultValue={String(userId)}>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.id === me.id ? `Mine (${u.email})` : u.email}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className={ui.field}>
          Show
          <select name="status" defaultValue={status}>
            {Object.entries(STATUSES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button className={ui.button} type="submit">
          Show
        </button>
      </form>
      {own && (
        <Card title="Add a ticker">
          <AddWatchlistForm action={addToWatchlistAction} patterns={PATTERN_TYPES} />
        </Card>
      )}
      <p className={ui.muted} role="status" data-testid="result-count">
        {items.length} {items.length === 1 ? "item" : "items"}
      </p>
      {items.length === 0 ? (
        <div className={ui.card}>
          <EmptyState
            title={status === "all" ? "Nothing on this watchlist yet" : `No ${STATUSES[status].toLowerCase()} items`}
          >
            {own && status === "all" ? (
              "Add a ticker above to start watching it."
            ) : (
              <Link href={withParams("/watchlists", query, { status: undefined })}>Show all items</Link>
            )}
          </EmptyState>
        </div>
      ) : (
        <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Watchlist items">
          <table className={ui.table}>
            <caption className="visually-hidden">Watchlist items</caption>
            <thead>
              <tr>
                <th scope="col">Ticker</th>
                <th scope="col">Pattern</th>
                <th scope="col" className={ui.num}>
                  Target
                </th>
                <th scope="col">Added (UTC)</th>
                <th scope="col">Status</th>
                <th scope="col">Notes</th>
                {own && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <strong>{item.ticker}</strong>
                  </td>
                  <td>{item.patternType ? typeLabel(item.patternType) : "–"}</td>
                  <td className={ui.num}>{formatPrice(item.targetPrice)}</td>
                  <td>{formatDateTime(item.addedAt)}</td>
                  <td>
                    {item.triggeredAt ? (
                      <>
                        <Badge tone="ok">Triggered</Badge>
                        <br />
                        <span className={ui.muted}>{formatDateTime(item.triggeredAt)}</span>
                      </>
                    ) : (
                      <Badge>Waiting</Badge>
                    )}
                  </td>
                  <td className={ui.wrap}>{item.notes ?? ""}</td>
                  {own && (
                    <td>
                      <WatchlistRowActions
                        id={item.id}
                        ticker={item.ticker}
                        triggered={Boolean(item.triggeredAt)}
                        trigger={markTriggeredAction}
                        remove={removeFromWatchlistAction}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
