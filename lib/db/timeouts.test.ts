// A timeout is Postgres's too: when the app stops waiting, the statement is
// cancelled on the server (statement_timeout and lock_timeout, set per
// statement inside its own transaction), so a write answered with an error is
// never committed later; and the answer says what happened: blocked by a lock
// (whose), slow, or the database really unavailable.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToWatchlistAction } from "@/lib/actions/watchlists";
import { closeDb, prisma } from "@/lib/db/client";
import { describeDatabaseError } from "@/lib/db/diagnose";
import { sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { resetData } from "@/test/reset";

let trader: { id: number; email: string; name: string; role: "trader" };
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await resetData();
  const user = await prisma().user.create({
    data: { email: "t@x.test", name: "T", role: "trader", passwordHash: "x" },
  });
  trader = { id: user.id, email: user.email, name: user.name, role: "trader" };
});
afterAll(() => closeDb());

describe("statement and lock timeouts on the server", () => {
  it("a write blocked by a lock is rolled back when the app gives up, and the answer names the lock", async () => {
    const locker = new pg.Client({ connectionString: env().DATABASE_URL, application_name: "psql-by-hand" });
    await locker.connect();
    try {
      const [{ pid }] = (await locker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows;
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE watchlists IN EXCLUSIVE MODE");
      const started = performance.now();
      const state = await addToWatchlistAction.runAs(
        trader,
        form({ ticker: "NVDA", targetPrice: "", notes: "", patternType: "" }),
      );
      expect(performance.now() - started).toBeLessThan(env().DB_STATEMENT_TIMEOUT * 1000 + 1_500);
      expect(state.ok).toBe(false);
      expect(state.message).toMatch(
        new RegExp(`blocked by another session \\(pid ${pid}, running for \\d+ s\\b.*watchlists`),
      );
      expect(state.message).not.toMatch(/unavailable/);
      await locker.query("COMMIT"); // the lock goes: a write that was only abandoned by the app would land now
      await sleep(300);
      expect(await prisma().watchlist.count({ where: { userId: trader.id, ticker: "NVDA" } })).toBe(0);
      expect(
        (
          await addToWatchlistAction.runAs(
            trader,
            form({ ticker: "NVDA", targetPrice: "", notes: "", patternType: "" }),
          )
        ).ok,
      ).toBe(true);
    } finally {
      await locker.end();
    }
  });

  it("a statement past the limit is cancelled by Postgres, and called slow, not unavailable", async () => {
    const limit = env().DB_STATEMENT_TIMEOUT;
    const error = await sql("Test.sleep", `SELECT pg_sleep(${limit * 3})`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(await describeDatabaseError(error)).toMatch(new RegExp(`took longer than the limit \\(${limit} s\\)`));
    const [{ running }] = await sql<{ running: number }>(
      "Test.activity",
      `SELECT count(*)::int AS running FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(%' AND state = 'active'`,
    );
    expect(running).toBe(0);
  });
});
