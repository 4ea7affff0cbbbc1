import Link from "next/link";
import { z } from "zod";
import { addToWatchlistAction } from "@/lib/actions/watchlists";
import { seesEveryone } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/guard";
import { PATTERN_TYPES } from "@/lib/validation";
import { listUsers } from "@/lib/db/queries/users";
import { getWatchlist } from "@/lib/db/queries/watchlists";
import { AddWatchlistForm } from "@/components/watchlists/add-form";
import { WatchlistChooser, WATCHLIST_STATUSES as STATUSES } from "@/components/watchlists/watchlist-chooser";
import { WatchlistTable } from "@/components/watchlists/watchlist-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { withParams } from "@/components/ui/pagination";
import { pickParams, type Raw } from "@/components/ui/search-params";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Watchlists" };

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
      <WatchlistChooser users={seesEveryone(me.role) ? users : null} userId={userId} meId={me.id} status={status} />
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
        <WatchlistTable items={items} own={own} />
      )}
    </div>
  );
}
