// Active session history against a lock pile-up provoked for real: one session
// holds a lock on watchlists, two others queue behind it. The samples show
// lock waits on watchlists, the waiting statement, and who blocks it; one
// instance samples at a time, and another takes over when its lease lapses.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { topQueries, topWaits, waitSeries } from "@/lib/monitoring/waits/history";
import { holdLease, sampleOnce, type MinuteOfSamples } from "@/lib/monitoring/waits/sampler";
import { resetData } from "@/test/reset";

const clients: pg.Client[] = [];
async function session(name: string) {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: name });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  await resetData();
  await sql("Test.truncateWaits", "TRUNCATE wait_samples, wait_sample_minutes");
});
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => {});
  await resetData();
  await closeDb();
});

describe("wait sampling", () => {
  it("one instance holds the lease; another takes it only once it lapses", async () => {
    expect(await holdLease("instance-a", 1_000)).toBe(true);
    expect(await holdLease("instance-b", 1_000)).toBe(false);
    expect(await holdLease("instance-a", 1_000)).toBe(true); // renewed
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await holdLease("instance-b", 1_000)).toBe(true);
    expect(await holdLease("instance-a", 1_000)).toBe(false);
  });

  it("a lock pile-up shows as lock waits on the table, with the waiting statement and its blocker", async () => {
    const holder = await session("test-holder");
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE watchlists IN ACCESS EXCLUSIVE MODE");
    const holderPid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    const waiters = [await session("test-reader"), await session("test-reader")];
    const waiting = waiters.map((w) => w.query("SELECT count(*) FROM watchlists WHERE user_id = 7").catch(() => {}));
    await new Promise((r) => setTimeout(r, 300));

    const started = new Date(Date.now() - 60_000);
    let minute: MinuteOfSamples | null = null;
    for (let i = 0; i < 5; i++) {
      minute = await sampleOnce(minute, "instance-a");
      await new Promise((r) => setTimeout(r, 50));
    }
    await minute!.save("instance-a");
    await holder.query("ROLLBACK");
    await Promise.all(waiting);
    const ended = new Date(Date.now() + 60_000);

    const waits = await topWaits(started, ended);
    const lock = waits.find((w) => w.waitClass === "Lock");
    expect(lock, JSON.stringify(waits)).toMatchObject({ waitEvent: "relation", relation: "watchlists" });
    expect(lock!.aas).toBeCloseTo(2, 1); // two sessions waited in every sample
    expect(lock!.blockers.split(",")).toContain(String(holderPid));

    const queries = await topQueries(started, ended);
    expect(queries[0].query).toBe("SELECT count(*) FROM watchlists WHERE user_id = ?"); // its shape, not its values
    expect(queries[0].byClass.Lock).toBeCloseTo(2, 1);

    const series = await waitSeries(started, ended, 1);
    expect(series.some((p) => (p.byClass.Lock ?? 0) >= 1.9)).toBe(true);
  });
});
