"use server";
// A user's own watchlist: add, remove, mark triggered.
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { ALL_ROLES } from "@/lib/auth/roles";
import { idSchema, patternTypeSchema, textInput } from "@/lib/validation";
import { getTicker } from "@/lib/db/queries/tickers";
import { addToWatchlist, markTriggered, removeFromWatchlist, watchlistItemInput } from "@/lib/db/queries/watchlists";

const itemId = z.object({ id: idSchema });
const emptyToNull = (v: unknown) => (v === "" ? null : v);

export const addToWatchlistAction = defineAction(
  {
    name: "watchlist:add",
    roles: ALL_ROLES,
    revalidate: "/watchlists",
    input: watchlistItemInput.extend({
      targetPrice: z.preprocess(emptyToNull, z.coerce.number().positive("a positive price").nullable()),
      notes: z.preprocess(emptyToNull, textInput(500).nullable()),
      patternType: z.preprocess(emptyToNull, patternTypeSchema.nullable()),
    }),
  },
  async (input, user) => {
    const item = await addToWatchlist(user.id, input);
    const known = await getTicker(item.ticker);
    return {
      ok: true,
      message: known
        ? `${item.ticker} (${known.name}) added to your watchlist`
        : `${item.ticker} added to your watchlist, but it is not in the ticker list: check the symbol`,
      data: { unknownTicker: !known },
      target: item.ticker,
    };
  },
);
export const removeFromWatchlistAction = defineAction(
  { name: "watchlist:remove", roles: ALL_ROLES, input: itemId, revalidate: "/watchlists" },
  async ({ id }, user) => {
    await removeFromWatchlist(user.id, id);
    return { ok: true, message: "Removed from your watchlist", target: String(id) };
  },
);
export const markTriggeredAction = defineAction(
  { name: "watchlist:trigger", roles: ALL_ROLES, input: itemId, revalidate: "/watchlists" },
  async ({ id }, user) => {
    await markTriggered(user.id, id);
    return { ok: true, message: "Marked as triggered", target: String(id) };
  },
);
