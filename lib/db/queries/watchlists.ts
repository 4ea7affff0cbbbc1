// Watchlists: a user's list (newest first, or most recently triggered first),
// and the writes, each invalidating that user's cached list.
import { z } from "zod";
import { idSchema, patternTypeSchema, textInput, tickerInput } from "@/lib/validation";
import { cachedRead, invalidate } from "@/lib/db/cache";
import { prisma } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";

const userTag = (userId: number) => `watchlists:user:${userId}`;
const ALL_TAG = "watchlists";

export const watchlistParams = z.object({
  userId: idSchema,
  /** true: only triggered items, most recent trigger first; false: only waiting ones. */
  triggered: z.boolean().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type WatchlistParams = z.input<typeof watchlistParams>;

export async function getWatchlist(input: WatchlistParams) {
  const params = watchlistParams.parse(input);
  // Read on a replica only once it has replayed this user's last watchlist write (its tag names it).
  const tag = userTag(params.userId);
  return cachedRead({ name: "getWatchlist", params, kind: "watchlists", tags: [tag] }, tag, ({ prisma: db }) =>
    db.watchlist.findMany({
      where: {
        userId: params.userId,
        triggeredAt: params.triggered === undefined ? undefined : params.triggered ? { not: null } : null,
      },
      orderBy: params.triggered ? [{ triggeredAt: "desc" }, { id: "desc" }] : [{ addedAt: "desc" }, { id: "desc" }],
      take: params.limit,
      select: {
        id: true,
        ticker: true,
        patternType: true,
        targetPrice: true,
        notes: true,
        addedAt: true,
        triggeredAt: true,
      },
    }),
  );
}

export const watchlistItemInput = z.object({
  ticker: tickerInput,
  patternType: patternTypeSchema.nullish(),
  targetPrice: z.coerce.number().positive().nullish(),
  notes: textInput(500).nullish(),
});

export class WatchlistError extends UserFacingError {}

export async function addToWatchlist(userId: number, input: z.input<typeof watchlistItemInput>) {
  const item = watchlistItemInput.parse(input);
  const existing = await prisma().watchlist.findUnique({ where: { userId_ticker: { userId, ticker: item.ticker } } });
  if (existing) throw new WatchlistError(`${item.ticker} is already on the watchlist`);
  const created = await prisma().watchlist.create({ data: { userId, ...item } });
  await invalidate([userTag(userId), ALL_TAG]);
  return created;
}

/** Removes one of this user's items; another user's item is "not found", never removed. */
export async function removeFromWatchlist(userId: number, id: number): Promise<void> {
  const { count } = await prisma().watchlist.deleteMany({ where: { id, userId } });
  if (count === 0) throw new WatchlistError(`watchlist item ${id} was not found`);
  await invalidate([userTag(userId), ALL_TAG]);
}

export async function markTriggered(userId: number, id: number, at = new Date()): Promise<void> {
  const { count } = await prisma().watchlist.updateMany({ where: { id, userId }, data: { triggeredAt: at } });
  if (count === 0) throw new WatchlistError(`watchlist item ${id} was not found`);
  await invalidate([userTag(userId), ALL_TAG]);
}
