import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/env";
import { QueryCache } from "@/lib/db/cache";
import { flushMetrics, LatencyRecorder, LATENCY_BUCKET_MS, readMetrics } from "@/lib/monitoring/metrics";
import { ObservedPool } from "@/lib/db/pool";
import { createRedis, waitUntilReady } from "@/lib/db/redis";

const redis = createRedis(env().REDIS_URL);
const pool = new ObservedPool({
  connectionString: env().DATABASE_URL,
  size: 2,
  maxOverflow: 1,
  timeoutSeconds: 5,
  recycleSeconds: 0,
  prePing: true,
  debug: false,
});
afterAll(async () => {
  redis.disconnect();
  await pool.end();
});
const newPrefix = () => `${env().REDIS_KEY_PREFIX}metrics-test:${randomBytes(4).toString("hex")}:`;
const T0 = Math.floor(Date.now() / LATENCY_BUCKET_MS) * LATENCY_BUCKET_MS - 60_000;

describe("LatencyRecorder", () => {
  it("summarises each 10-second bucket per query name", () => {
    const recorder = new LatencyRecorder();
    for (let ms = 1; ms <= 100; ms++) recorder.record("PatternScan.findMany", ms, T0 + 10);
    recorder.record("User.count", 3, T0 + 20);
    recorder.record("PatternScan.findMany", 7, T0 + LATENCY_BUCKET_MS + 1); // next bucket
    const points = recorder.drain(T0 + LATENCY_BUCKET_MS + 2);
    expect(points).toEqual([
      { t: T0, name: "PatternScan.findMany", n: 100, p50: 50, p95: 95, p99: 99 },
      { t: T0, name: "User.count", n: 1, p50: 3, p95: 3, p99: 3 },
    ]);
    expect(recorder.drain(T0 + 2 * LATENCY_BUCKET_MS)).toEqual([
      { t: T0 + LATENCY_BUCKET_MS, name: "PatternScan.findMany", n: 1, p50: 7, p95: 7, p99: 7 },
    ]);
    expect(recorder.total).toBe(102);
  });
});

describe("metrics in Redis", () => {
  it("flushes pool, latency and cache points and reads them back in one pipeline", async () => {
    await waitUntilReady(redis, 2000);
    const prefix = newPrefix();
    const recorder = new LatencyRecorder();
    const cache = new QueryCache(redis, {
      prefix,
      ttls: { tickers: 60, scans: 60, watchlists: 60, alerts: 60, insights: 60 },
    });
    const held = await pool.connect();
    recorder.record("PatternScan.findMany", 4, T0 + 1);
    await cache.cached({ name: "q", params: {}, kind: "scans", tags: [] }, async () => 1);
    await cache.cached({ name: "q", params: {}, kind: "scans", tags: [] }, async () => 1);
    await flushMetrics({ redis, prefix, pool, cache, recorder }, {}, T0 + LATENCY_BUCKET_MS + 5);
    held.release();

    const pipeline = vi.spyOn(redis, "pipeline");
    const series = await readMetrics(redis, prefix, T0 - 1, T0 + 3 * LATENCY_BUCKET_MS);
    expect(pipeline).toHaveBeenCalledTimes(1);
    expect(series.pool).toEqual([expect.objectContaining({ checked_out: 1, size: 2, max: 3 })]);
    expect(series.latency).toEqual([{ t: T0, name: "PatternScan.findMany", n: 1, p50: 4, p95: 4, p99: 4 }]);
    expect(series.cache).toEqual([expect.objectContaining({ hits: 1, misses: 1, errors: 0 })]);
  });

  it("merges points from several processes: connections add up, p95 is the worst", async () => {
    const prefix = newPrefix();
    const add = (key: string, point: object) =>
      redis.zadd(`${prefix}metrics:${key}`, T0, JSON.stringify({ ...point, t: T0 }));
    await add("pool", {
      src: "a:1",
      checked_out: 2,
      checked_in: 3,
      waiting: 0,
      overflow: 0,
      total: 5,
      size: 5,
      max: 15,
    });
    await add("pool", {
      src: "b:2",
      checked_out: 4,
      checked_in: 1,
      waiting: 1,
      overflow: 0,
      total: 5,
      size: 5,
      max: 15,
    });
    await add("latency", { src: "a:1", name: "q", n: 30, p50: 2, p95: 5, p99: 9 });
    await add("latency", { src: "b:2", name: "q", n: 10, p50: 6, p95: 20, p99: 30 });
    const series = await readMetrics(redis, prefix, T0, T0);
    expect(series.pool).toEqual([
      {
        t: T0,
        checked_out: 6,
        checked_in: 4,
        waiting: 1,
        overflow: 0,
        total: 10,
        size: 10,
        max: 30,
        acquire_timeouts: 0,
      }, // absent in these samples: 0
    ]);
    expect(series.latency).toEqual([{ t: T0, name: "q", n: 40, p50: 3, p95: 20, p99: 30 }]);
  });

  it("drops points older than 24 hours when it writes", async () => {
    const prefix = newPrefix();
    const old = Date.now() - 25 * 3_600_000;
    await redis.zadd(`${prefix}metrics:pool`, old, JSON.stringify({ t: old, src: "x", checked_out: 1 }));
    const cache = new QueryCache(redis, {
      prefix,
      ttls: { tickers: 60, scans: 60, watchlists: 60, alerts: 60, insights: 60 },
    });
    await flushMetrics({ redis, prefix, pool, cache, recorder: new LatencyRecorder() }, {});
    const series = await readMetrics(redis, prefix, 0, Date.now() + 1);
    expect(series.pool.map((p) => p.t)).not.toContain(old);
    expect(series.pool).toHaveLength(1);
  });
});
