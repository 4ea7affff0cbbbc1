import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, prisma, redis } from "@/lib/db/client";
import { waitUntilReady } from "@/lib/db/redis";
import {
  addToWatchlist,
  getWatchlist,
  markTriggered,
  removeFromWatchlist,
  WatchlistError,
} from "@/lib/db/queries/watchlists";
import { resetData } from "@/test/reset";

let ada: number;
let bob: number;

beforeAll(async () => {
  await resetData();
  await waitUntilReady(redis(), 2000);
  const users = await prisma().user.createManyAndReturn({
    data: [
      { email: "ada@x.test", name: "Ada", passwordHash: "x" },
      { email: "bob@x.test", name: "Bob", passwordHash: "x" },
    ],
  });
  [ada, bob] = users.map((u) => u.id);
  const day = 86_400_000;
  await prisma().watchlist.createMany({
    data: [
      { userId: ada, ticker: "AAPL", addedAt: new Date(Date.now() - 3 * day) },
      { userId: ada, ticker: "MSFT", addedAt: new Date(Date.now() - 2 * day), triggeredAt: new Date(Date.now() - day) },
      {
        userId: ada,
        ticker: "NVDA",
        addedAt: new Date(Date.now() - 1 * day),
        triggeredAt: new Date(Date.now() - 2 * day),
      },
      { userId: bob, ticker: "TSLA" },
    ],
  });
});
afterAll(() => closeDb());

const tickers = (items: { ticker: string }[]) => items.map((i) => i.ticker);

describe("watchlists", () => {
  it("lists a user's items newest first, and only theirs", async () => {
    expect(tickers(await getWatchlist({ userId: ada }))).toEqual(["NVDA", "MSFT", "AAPL"]);
    expect(tickers(await getWatchlist({ userId: bob }))).toEqual(["TSLA"]);
  });

  it("filters triggered (most recent trigger first) and waiting items", async () => {
    expect(tickers(await getWatchlist({ userId: ada, triggered: true }))).toEqual(["MSFT", "NVDA"]);
    expect(tickers(await getWatchlist({ userId: ada, triggered: false }))).toEqual(["AAPL"]);
  });

  it("shows the user's own writes at once, though the list was cached", async () => {
    await getWatchlist({ userId: ada });
    const added = await addToWatchlist(ada, { ticker: "amd", targetPrice: 180, notes: "  tight base " });
    expect(added).toMatchObject({ ticker: "AMD", notes: "tight base" });
    expect(tickers(await getWatchlist({ userId: ada }))[0]).toBe("AMD");

    await markTriggered(ada, added.id);
    expect(tickers(await getWatchlist({ userId: ada, triggered: true }))[0]).toBe("AMD");

    await removeFromWatchlist(ada, added.id);
    expect(tickers(await getWatchlist({ userId: ada }))).not.toContain("AMD");
  });

  it("refuses a duplicate, and never touches another user's item", async () => {
    await expect(addToWatchlist(ada, { ticker: "AAPL" })).rejects.toThrow("AAPL is already on the watchlist");
    const [bobsItem] = await getWatchlist({ userId: bob });
    await expect(removeFromWatchlist(ada, bobsItem.id)).rejects.toThrow(WatchlistError);
    await expect(markTriggered(ada, bobsItem.id)).rejects.toThrow(/not found/);
    expect(tickers(await getWatchlist({ userId: bob }))).toEqual(["TSLA"]);
  });

  it("validates what is added", async () => {
    await expect(addToWatchlist(ada, { ticker: "not a ticker!" })).rejects.toThrow(/ticker symbol/);
    await expect(addToWatchlist(ada, { ticker: "GOOD", targetPrice: -5 })).rejects.toThrow();
  });
});
