import Link from "next/link";
import { z } from "zod";
import { addToWatchlistAction } from "@/lib/actions/watchlists";
import { seesEveryone } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/guard";
import { PATTERN_TYPES } from "@/lib/validation";
import { findUserByRef, suggestedUsers } from "@/lib/db/queries/users";
import { Notice } from "@/components/ui/badge";
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
  /** Whose list, by e-mail or id (operators and admins). */
  user: z.string().max(320).optional().catch(undefined),
});

export default async function WatchlistsPage({ searchParams }: { searchParams: Promise<Raw> }) {
  const me = await requirePage("/watchlists");
  const query = pickParams(await searchParams, ["status", "user"]);
  const { status, user } = params.parse(query);
  // Traders see their own list, whatever the URL says; operators and admins may look at anyone's.
  const everyone = seesEveryone(me.role);
  const [named, users] = everyone
    ? await Promise.all([user ? findUserByRef(user) : null, suggestedUsers()])
    : [null, null];
  const unknownUser = everyone && user && !named ? user : null;
  const owner = named ?? { id: me.id, email: me.email, name: me.name };
  const own = owner.id === me.id;
  const items = await getWatchlist({
    userId: owner.id,
    triggered: status === "all" ? undefined : status === "triggered",
    limit: 500,
  });

  return (
    <div className={ui.stack}>
      <PageHeader
        title="Watchlists"
        lead={own ? "Tickers you are watching, newest first." : `${owner.name}'s watchlist (read only).`}
      />
      <WatchlistChooser users={users} ownerEmail={owner.email} status={status} />
      {unknownUser && <Notice tone="bad">No user has the e-mail or id “{unknownUser}”: showing your own list.</Notice>}
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
