// A ticker page's watchlist state: since when, the target, whether it
// triggered; Watch (its latest pattern, the pivot as the target) or Remove in place.
import { addToWatchlistAction, removeFromWatchlistAction } from "@/lib/actions/watchlists";
import type { ScanListItem } from "@/lib/db/queries/scan-find";
import type { getWatchlist } from "@/lib/db/queries/watchlists";
import { ActionButton } from "@/components/forms/action-button";
import { WatchButton } from "@/components/watchlists/watch-button";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatPrice } from "@/components/ui/format";

type Item = Awaited<ReturnType<typeof getWatchlist>>[number];

export function WatchCard({ symbol, watched, latest }: { symbol: string; watched?: Item; latest?: ScanListItem }) {
  return (
    <Card
      title="On your watchlist"
      actions={
        watched ? (
          <ActionButton
            action={removeFromWatchlistAction}
            fields={{ id: watched.id }}
            label={`Remove ${symbol}`}
            pending="Removing…"
            variant="secondary"
          />
        ) : (
          <WatchButton
            action={addToWatchlistAction}
            ticker={symbol}
            patternType={latest?.patternType}
            targetPrice={latest?.pivotPrice}
            watched={false}
          />
        )
      }
    >
      <p data-testid="watch-state">
        {watched
          ? `Watching since ${formatDateTime(watched.addedAt)}${watched.targetPrice ? `, target ${formatPrice(watched.targetPrice)}` : ""}${watched.triggeredAt ? `; triggered ${formatDateTime(watched.triggeredAt)}` : ""}.`
          : "Not on your watchlist."}
      </p>
    </Card>
  );
}
