"use server";
// A user's own watchlist: add, remove, mark triggered.
import { z } from "zod";
import { defineAction, refreshOnSuccess, type ActionState } from "@/lib/actions/action";
import { ALL_ROLES } from "@/lib/auth/roles";
import { addToWatchlist, markTriggered, removeFromWatchlist, watchlistItemInput } from "@/lib/db/queries/watchlists";

const itemId = z.object({ id: z.coerce.number().int().positive() });
const emptyToNull = (v: unknown) => (v === "" ? null : v);

const add = defineAction(
  {
    name: "watchlist:add",
    roles: ALL_ROLES,
    input: watchlistItemInput.extend({
      targetPrice: z.preprocess(emptyToNull, z.coerce.number().positive("a positive price").nullable()),
      notes: z.preprocess(emptyToNull, z.string().trim().max(500).nullable()),
      patternType: z.preprocess(emptyToNull, z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/).nullable()),
    }),
  },
  async (input, user) => {
    const item = await addToWatchlist(user.id, input);
    return { ok: true, message: `${item.ticker} added to your watchlist`, target: item.ticker };
  },
);
const remove = defineAction({ name: "watchlist:remove", roles: ALL_ROLES, input: itemId }, async ({ id }, user) => {
  await removeFromWatchlist(user.id, id);
  return { ok: true, message: "Removed from your watchlist", target: String(id) };
});
const trigger = defineAction({ name: "watchlist:trigger", roles: ALL_ROLES, input: itemId }, async ({ id }, user) => {
  await markTriggered(user.id, id);
  return { ok: true, message: "Marked as triggered", target: String(id) };
});

export async function addToWatchlistAction(previous: ActionState | null, formData: FormData) {
  return refreshOnSuccess("/watchlists", add(previous, formData));
}
export async function removeFromWatchlistAction(previous: ActionState | null, formData: FormData) {
  return refreshOnSuccess("/watchlists", remove(previous, formData));
}
export async function markTriggeredAction(previous: ActionState | null, formData: FormData) {
  return refreshOnSuccess("/watchlists", trigger(previous, formData));
}
