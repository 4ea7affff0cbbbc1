import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { ObservedPool, PoolTimeoutError, type PoolSettings } from "@/lib/db/pool";
import { query } from "@/test/sql";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";

const opened: ObservedPool[] = [];
let proxy: TcpProxy | undefined;

function makePool(overrides: Partial<PoolSettings> = {}, connectionString = env().DATABASE_URL): ObservedPool {
  const pool = new ObservedPool({
    connectionString,
    size: 2,
    maxOverflow: 3,
    timeoutSeconds: 5,
    recycleSeconds: 0,
    prePing: true,
    debug: false,
    applicationName: `pool-test-${randomBytes(4).toString("hex")}`,
    ...overrides,
  });
  opened.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.end().catch(() => {})));
  await proxy?.close();
  proxy = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("ObservedPool", () => {
  it("keeps the warm size open and reports the documented status fields", async () => {
    const pool = makePool();
    await pool.warm();
    expect(pool.status()).toMatchObject({
      size: 2,
      max: 5,
      checked_in: 2,
      checked_out: 0,
      overflow: 0,
      total_connections: 2,
      waiting: 0,
    });
  });

  it("reports checked out, overflow and waiting under concurrent load", async () => {
    const pool = makePool();
    const queries = Array.from({ length: 8 }, () => pool.query("SELECT pg_sleep(0.4)"));
    await sleep(150);
    expect(pool.status()).toMatchObject({
      checked_in: 0,
      checked_out: 5,
      overflow: 3,
      total_connections: 5,
      waiting: 3,
    });
    await Promise.all(queries);
    const after = pool.status();
    expect(after).toMatchObject({ checked_out: 0, checked_in: 5, waiting: 0 });
    expect(after.counters.acquisitions).toBe(8);
    expect(after.counters.connections_opened).toBe(5);
    // Three callers queued behind a 400 ms query: the slowest waits show it.
    expect(after.acquire_wait_ms.samples).toBe(8);
    expect(after.acquire_wait_ms.max).toBeGreaterThan(300);
    expect(after.acquire_wait_ms.p50).toBeLessThan(after.acquire_wait_ms.max);
  });

  it("fails with a clear error after the pool timeout instead of hanging", async () => {
    const pool = makePool({ size: 1, maxOverflow: 1, timeoutSeconds: 0.3 });
    const held = [await pool.connect(), await pool.connect()];
    const started = performance.now();
    const attempt = pool.connect();
    await expect(attempt).rejects.toThrow(PoolTimeoutError);
    await expect(attempt).rejects.toThrow("waited 0.3s for a connection: 2 of 2 in use");
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3000);
    expect(pool.status().counters.acquire_timeouts).toBe(1);
    held.forEach((c) => c.release());
  });

  it("pre-ping: a query succeeds after the server terminated the idle connections", async () => {
    const pool = makePool({ size: 3 });
    await pool.warm();
    const terminated = await query(
      env().DATABASE_URL,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
      [pool.settings.applicationName],
    );
    expect(terminated).toHaveLength(3);
    const { rows } = await pool.query("SELECT 42 AS answer");
    expect(rows[0].answer).toBe(42);
  });

  describe("pre-ping against connections lost silently (dropped by a proxy)", () => {
    async function poolBehindProxy(prePing: boolean) {
      const target = new URL(env().DATABASE_URL);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      const viaProxy = new URL(target);
      viaProxy.port = String(proxy.port);
      const pool = makePool({ size: 2, prePing, prePingWindowMs: 200 }, viaProxy.toString());
      await pool.warm();
      await new Promise((resolve) => setTimeout(resolve, 300)); // idle longer than the window: these get asked
      proxy.dropUpstreams();
      return pool;
    }

    it("with pre-ping, the dead connections are replaced and the query succeeds", async () => {
      const pool = await poolBehindProxy(true);
      const { rows } = await pool.query("SELECT 1 AS ok");
      expect(rows[0].ok).toBe(1);
      expect(pool.status().counters.pre_ping_failures).toBeGreaterThanOrEqual(1);
    });

    it("without pre-ping, the same query is handed a dead connection and fails", async () => {
      const pool = await poolBehindProxy(false);
      await expect(pool.query("SELECT 1 AS ok")).rejects.toThrow(/Connection terminated|ECONNRESET|closed/i);
    });
  });

  it("pre-ping window: a connection used a moment ago is handed out without a SELECT 1, an idle one is asked", async () => {
    const pool = makePool({ size: 1, maxOverflow: 0, prePingWindowMs: 300 });
    await pool.warm();
    await pool.query("SELECT 1"); // warm() just used it: within the window
    for (let i = 0; i < 5; i++) await pool.query("SELECT 1");
    expect(pool.status().counters.pre_pings_skipped).toBe(6);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await pool.query("SELECT 1");
    expect(pool.status().counters.pre_pings_skipped).toBe(6); // idle past the window: pinged
  });

  it("recycle: a connection older than DB_POOL_RECYCLE is closed and replaced", async () => {
    const pool = makePool({ size: 1, maxOverflow: 0, recycleSeconds: 1 });
    const pid = async () => (await pool.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
    const first = await pid();
    expect(await pid()).toBe(first);
    await sleep(1300);
    expect(await pid()).not.toBe(first);
    expect(pool.status().counters.connections_closed).toBeGreaterThanOrEqual(1);
  });
});
