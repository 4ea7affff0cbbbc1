import net from "node:net";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/env";
import { spawnSync } from "node:child_process";
import { normaliseParams, QueryCache } from "@/lib/db/cache";
import { NearCache } from "@/lib/db/cache/near-cache";
import { invalidationChannel } from "@/lib/db/cache/invalidations";
import { createRedis, waitUntilReady } from "@/lib/db/redis";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";

const TTLS = { tickers: 3600, scans: 300, watchlists: 180, alerts: 600, insights: 30 };
const clients: Redis[] = [];
const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
const proxies: TcpProxy[] = [];

async function makeCache(url = env().REDIS_URL, options: { circuitOpenMs?: number; near?: false } = {}) {
  const redis = createRedis(url);
  clients.push(redis);
  if (url === env().REDIS_URL) expect(await waitUntilReady(redis, 2000)).toBe(true);
  const prefix = `${env().REDIS_KEY_PREFIX}cache-test:${randomBytes(4).toString("hex")}:`;
  return { cache: new QueryCache(redis, { prefix, ttls: TTLS, ...options }), redis, prefix };
}

/** A server that accepts connections and never answers: a hung Redis. */
async function silentServer(): Promise<number> {
  const server = net.createServer((socket) => sockets.push(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  sockets.forEach((s) => s.destroy());
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await Promise.all(proxies.map((p) => p.close()));
});

const query = (name: string, params: Record<string, unknown> = {}, tags = ["scans"]) => ({
  name,
  params,
  kind: "scans" as const,
  tags,
});

describe("cache keys", () => {
  it("are the same for the same parameters in any order, without undefined ones", async () => {
    const { cache } = await makeCache();
    const a = cache.key({ name: "getRecentScans", params: { patternType: "VCP", minScore: 7, ticker: undefined } });
    const b = cache.key({ name: "getRecentScans", params: { minScore: 7, patternType: "VCP" } });
    const c = cache.key({ name: "getRecentScans", params: { minScore: 8, patternType: "VCP" } });
    const d = cache.key({ name: "getAlerts", params: { minScore: 7, patternType: "VCP" } });
    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
    expect(a.startsWith(`${env().REDIS_KEY_PREFIX}cache-test:`)).toBe(true);
  });

  it("normalise dates and nested objects", () => {
    expect(normaliseParams({ b: { y: 1, x: new Date("2026-01-02T00:00:00Z") }, a: [2, 1] })).toEqual({
      a: [2, 1],
      b: { x: "2026-01-02T00:00:00.000Z", y: 1 },
    });
  });
});

describe("QueryCache with Redis up", () => {
  it("runs the query on a miss, serves the copy on a hit, keeping dates and BigInts", async () => {
    const { cache } = await makeCache();
    const run = vi.fn(async () => ({ at: new Date("2026-03-04T05:06:07Z"), cap: 12345678901234n, rows: [1, 2] }));
    const first = await cache.cached(query("q1"), run);
    const second = await cache.cached(query("q1"), run);
    expect(run).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);
    expect(second.at).toBeInstanceOf(Date);
    expect(typeof second.cap).toBe("bigint");
    expect(cache.counters()).toMatchObject({ hits: 1, misses: 1, errors: 0, hitRatio: 0.5 });
  });

  it("stores each kind with its TTL", async () => {
    const { cache, redis, prefix } = await makeCache();
    await cache.cached({ name: "t", params: {}, kind: "tickers", tags: ["tickers"] }, async () => 1);
    await cache.cached({ name: "w", params: {}, kind: "watchlists", tags: ["w"] }, async () => 1);
    const ttlOf = async (name: string) => redis.ttl((await redis.keys(`${prefix}q:${name}:*`))[0]);
    expect(await ttlOf("t")).toBeGreaterThan(3590);
    expect(await ttlOf("w")).toBeGreaterThan(170);
    expect(await ttlOf("w")).toBeLessThanOrEqual(180);
  });

  it("an entry it cannot decode (written by an older version) is a miss, not a Redis failure", async () => {
    const { cache, redis, prefix } = await makeCache(env().REDIS_URL, { near: false }); // what Redis holds is the point
    await cache.cached({ ...query("old"), kind: "insights" }, async () => "first");
    const [key] = await redis.keys(`${prefix}q:old:*`);
    await redis.set(key, '{"json":"superjson text"}', "EX", 60);
    const run = vi.fn(async () => "again");
    expect(await cache.cached({ ...query("old"), kind: "insights" }, run)).toBe("again");
    expect(run).toHaveBeenCalledTimes(1);
    expect(cache.counters()).toMatchObject({ misses: 2, errors: 0 });
    expect(await cache.cached({ ...query("old"), kind: "insights" }, run)).toBe("again"); // and stored anew
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("counts time saved from what the query cost", async () => {
    const { cache } = await makeCache();
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return "x";
    };
    await cache.cached(query("slow"), slow);
    await cache.cached(query("slow"), slow);
    expect(cache.counters().timeSavedMs).toBeGreaterThanOrEqual(20);
  });

  it("a write's invalidation makes the next read run the query again, other tags untouched", async () => {
    const { cache } = await makeCache();
    let version = 1;
    const scans = vi.fn(async () => version);
    const alerts = vi.fn(async () => "alerts");
    expect(await cache.cached(query("scans"), scans)).toBe(1);
    await cache.cached(query("alerts", {}, ["alerts:user:1"]), alerts);
    version = 2;
    await cache.invalidate(["scans"]);
    expect(await cache.cached(query("scans"), scans)).toBe(2);
    await cache.cached(query("alerts", {}, ["alerts:user:1"]), alerts);
    expect(scans).toHaveBeenCalledTimes(2);
    expect(alerts).toHaveBeenCalledTimes(1);
  });

  it("single flight: 50 concurrent misses on one key run the query once", async () => {
    const { cache } = await makeCache();
    const run = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return "rows";
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.cached(query("hot", { a: 1 }), run)));
    expect(results).toEqual(Array(50).fill("rows"));
    expect(run).toHaveBeenCalledTimes(1);
    expect(cache.counters()).toMatchObject({ misses: 1, shared: 49, hitRatio: 49 / 50 }); // answered without a query of their own
  });
});

describe("QueryCache with Redis unreachable", () => {
  it.each([
    ["a closed port", async () => "redis://127.0.0.1:1"],
    ["a server that never answers", async () => `redis://127.0.0.1:${await silentServer()}`],
  ])("answers from the database through %s, fast, and logs once", async (_label, url) => {
    const { cache } = await makeCache(await url());
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the first connection attempt fail
    const timings: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      expect(await cache.cached(query("down", { i: i % 2 }), async () => "from postgres")).toBe("from postgres");
      await cache.invalidate(["scans"]);
      timings.push(performance.now() - started);
    }
    expect(Math.max(...timings)).toBeLessThan(60);
    expect(cache.counters().misses).toBe(20);
    expect(
      warn.mock.calls.filter(([line]) => String(line).includes("[redis]") || String(line).includes("[cache]")).length,
    ).toBeLessThanOrEqual(2);
  });

  it("a Redis that hangs mid-session costs each call one command timeout at most, then the circuit skips it", async () => {
    const target = new URL(env().REDIS_URL);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    proxies.push(proxy);
    const { cache, redis } = await makeCache(`redis://127.0.0.1:${proxy.port}`, { circuitOpenMs: 5_000 });
    expect(await waitUntilReady(redis, 2000)).toBe(true);
    vi.spyOn(console, "error").mockImplementation(() => {});
    await cache.cached(query("warm"), async () => 1);
    expect(cache.counters().errors).toBe(0);
    proxy.freeze();
    const timed = async (name: string) => {
      const started = performance.now();
      expect(await cache.cached(query(name), async () => "db")).toBe("db");
      return performance.now() - started;
    };
    const hung = [await timed("h1"), await timed("h2"), await timed("h3")];
    for (const ms of hung) {
      expect(ms).toBeGreaterThanOrEqual(45); // it did wait for the command timeout…
      expect(ms).toBeLessThan(150); // …and no longer
    }
    expect(await timed("h4")).toBeLessThan(10); // three failures in a row opened the circuit: Redis is not asked
    expect(cache.counters().errors).toBe(3);
  });

  it("one slow reply does not turn the cache off", async () => {
    const { cache } = await makeCache(env().REDIS_URL, { circuitOpenMs: 60_000 });
    const run = vi.fn(async () => "rows");
    await cache.cached(query("one-slow"), run);
    // As if the event loop had been blocked past the command timeout once.
    (cache as unknown as { failed: (e: Error) => void }).failed(new Error("Command timed out"));
    await cache.cached(query("one-slow"), run);
    expect(run).toHaveBeenCalledTimes(1); // still served from Redis
  });
});

describe("QueryCache under load and after failures", () => {
  it("a busy event loop is not a slow Redis: replies that arrived in time are used, and the circuit stays closed", async () => {
    const { cache } = await makeCache(env().REDIS_URL, { circuitOpenMs: 60_000 });
    const run = vi.fn(async () => "rows");
    await cache.cached(query("busy"), run);
    for (let i = 0; i < 6; i++) {
      const pending = cache.cached(query("busy"), run);
      const until = performance.now() + 150; // the event loop is blocked three times as long as the timeout
      while (performance.now() < until);
      expect(await pending).toBe("rows");
    }
    expect(run).toHaveBeenCalledTimes(1);
    expect(cache.counters()).toMatchObject({ hits: 6, errors: 0 });
  });

  it("a write made while Redis is unreachable is seen at once, and stays seen when Redis is back", async () => {
    const target = new URL(env().REDIS_URL);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    proxies.push(proxy);
    const { cache, redis } = await makeCache(`redis://127.0.0.1:${proxy.port}`, { circuitOpenMs: 1 });
    expect(await waitUntilReady(redis, 2000)).toBe(true);
    vi.spyOn(console, "error").mockImplementation(() => {});
    let version = 1;
    const run = vi.fn(async () => version);
    expect(await cache.cached(query("ryw"), run)).toBe(1);

    await proxy.pause(); // Redis goes away
    while (redis.status === "ready") await new Promise((resolve) => setTimeout(resolve, 5));
    version = 2;
    await cache.invalidate(["scans"]); // cannot reach Redis: the bump is owed
    expect(await cache.cached(query("ryw"), run)).toBe(2);

    await proxy.resume(); // Redis is back, still holding the entry from before the write
    expect(await waitUntilReady(redis, 3000)).toBe(true);
    expect(await cache.cached(query("ryw"), run)).toBe(2); // never that entry
    version = 4;
    const fresh = await cache.cached(query("ryw"), run);
    version = 5;
    expect(await cache.cached(query("ryw"), run)).toBe(fresh); // the owed bump was written: caching works again
  });
});

describe("the near cache", () => {
  const subscribed = async (cache: QueryCache) => {
    for (let i = 0; i < 100 && !(cache as unknown as { subscribed: boolean }).subscribed; i++)
      await new Promise((r) => setTimeout(r, 20));
  };

  it("answers repeats in-process, and drops an entry within milliseconds when another process invalidates its tag", async () => {
    const { cache, prefix } = await makeCache();
    await subscribed(cache);
    let version = 1;
    const run = vi.fn(async () => version);
    expect(await cache.cached(query("near"), run)).toBe(1);
    expect(await cache.cached(query("near"), run)).toBe(1);
    expect(cache.counters()).toMatchObject({ nearHits: 1, misses: 1 });

    version = 2;
    const other = spawnSync("node", ["--import", "tsx", "test/fixtures/invalidate-tags.ts", prefix, "scans"], {
      encoding: "utf8",
    });
    expect(other.status, other.stderr).toBe(0);
    let seen = 0;
    const deadline = Date.now() + 200;
    while (seen !== 2 && Date.now() < deadline) {
      seen = await cache.cached(query("near"), run);
      if (seen !== 2) await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen).toBe(2);
    cache.close();
  });

  it("a message on the invalidation channel that is not a list of tags drops every near entry, and the process lives on", async () => {
    const { cache, redis, prefix } = await makeCache();
    await subscribed(cache);
    const run = vi.fn(async () => 1);
    await cache.cached(query("odd-message"), run);
    await cache.cached(query("odd-message"), run);
    expect(cache.counters().nearHits).toBe(1); // held in the process
    const thrown: unknown[] = [];
    const onError = (error: unknown) => thrown.push(error);
    process.on("uncaughtException", onError);
    try {
      await redis.publish(invalidationChannel(prefix), "*"); // not JSON
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.off("uncaughtException", onError);
    }
    expect(thrown).toEqual([]);
    await cache.cached(query("odd-message"), run); // from Redis now: the near copy was dropped
    expect(cache.counters().nearHits).toBe(1);
    cache.close();
  });

  it("keeps within its bounds, dropping the least recently used", () => {
    const near = new NearCache(3, 1_000);
    for (const key of ["a", "b", "c"])
      near.set(key, { value: key, tags: [], expiresAt: Date.now() + 60_000, bytes: 10 });
    near.get("a");
    near.set("d", { value: "d", tags: [], expiresAt: Date.now() + 60_000, bytes: 10 });
    expect(near.get("b")).toBeUndefined(); // least recently used
    expect(near.get("a")?.value).toBe("a");
    near.set("big", { value: "x", tags: [], expiresAt: Date.now() + 60_000, bytes: 900 }); // over a sixteenth: not kept
    expect(near.get("big")).toBeUndefined();
    expect(near.stats()).toMatchObject({ entries: 3, bytes: 30, maxEntries: 3, maxBytes: 1_000 });
    near.set("old", { value: "o", tags: ["t"], expiresAt: Date.now() - 1, bytes: 10 });
    expect(near.get("old")).toBeUndefined(); // never outlives its Redis copy
  });
});
