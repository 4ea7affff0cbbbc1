// Metrics for the dashboard's charts: query latency per query name (p50/p95/p99
// per 10-second bucket), pool samples every 5 seconds, cache counters. Each
// process buffers its own and writes them to Redis, so several app processes
// feed one chart and a restart keeps the history (24 h). A chart reads all
// three series in one pipelined round trip.
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { QueryCache } from "@/lib/db/cache";
import { onQuery } from "@/lib/db/observe";
import type { ObservedPool } from "@/lib/db/pool";
import { logger } from "@/lib/log/logger";
import { percentile } from "@/lib/percentile";

export const LATENCY_BUCKET_MS = 10_000;
export const POOL_SAMPLE_MS = 5_000;
export const RETENTION_MS = 24 * 3_600_000;
const SOURCE = `${hostname()}:${process.pid}`;
const log = logger("metrics");

export type LatencyPoint = { t: number; name: string; n: number; p50: number; p95: number; p99: number };
export type PoolPoint = {
  t: number;
  checked_out: number;
  checked_in: number;
  waiting: number;
  overflow: number;
  total: number;
  size: number;
  max: number;
  /** Acquire timeouts since each process started, added up (a rise means some caller gave up waiting). */
  acquire_timeouts: number;
};
export type CachePoint = { t: number; hits: number; misses: number; errors: number };
export type MetricsSeries = { latency: LatencyPoint[]; pool: PoolPoint[]; cache: CachePoint[] };

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Collects query durations into 10-second buckets in this process. */
export class LatencyRecorder {
  private bucket = 0;
  private current = new Map<string, number[]>();
  private finished: LatencyPoint[] = [];
  /** Every query this process ran (the benchmark counts database round trips with it). */
  total = 0;
  /** Also told of every query (the Prometheus histogram listens here). */
  readonly listeners: ((name: string, ms: number) => void)[] = [];

  record(name: string, ms: number, now = Date.now()): void {
    this.total += 1;
    for (const listener of this.listeners) listener(name, ms);
    const bucket = Math.floor(now / LATENCY_BUCKET_MS) * LATENCY_BUCKET_MS;
    if (bucket !== this.bucket) this.closeBucket(bucket);
    const list = this.current.get(name);
    if (list) list.push(ms);
    else this.current.set(name, [ms]);
  }

  /** Points of the buckets that are over (and the current one if `all`). */
  drain(now = Date.now(), all = false): LatencyPoint[] {
    const bucket = Math.floor(now / LATENCY_BUCKET_MS) * LATENCY_BUCKET_MS;
    if (all || bucket !== this.bucket) this.closeBucket(bucket);
    const points = this.finished;
    this.finished = [];
    return points;
  }

  private closeBucket(next: number): void {
    for (const [name, values] of this.current) {
      const sorted = values.sort((a, b) => a - b);
      this.finished.push({
        t: this.bucket,
        name,
        n: sorted.length,
        p50: round3(percentile(sorted, 50)),
        p95: round3(percentile(sorted, 95)),
        p99: round3(percentile(sorted, 99)),
      });
    }
    this.current = new Map();
    this.bucket = next;
  }
}

const store = globalThis as typeof globalThis & { __legendaiLatency?: LatencyRecorder };

/** This process's recorder; created on first use, it records every query (Prisma's and the SQL module's) from then on. */
export function latencyRecorder(): LatencyRecorder {
  if (!store.__legendaiLatency) {
    const recorder = new LatencyRecorder();
    onQuery((name, ms) => recorder.record(name, ms));
    store.__legendaiLatency = recorder;
  }
  return store.__legendaiLatency;
}

const keys = (prefix: string) => ({
  latency: `${prefix}metrics:latency`,
  pool: `${prefix}metrics:pool`,
  cache: `${prefix}metrics:cache`,
});

type Deps = {
  redis: Redis;
  prefix: string;
  pool: Pick<ObservedPool, "status">;
  cache: QueryCache;
  recorder: LatencyRecorder;
};

/** Writes what this process measured since the last call: one pipelined round trip. */
export async function flushMetrics(
  deps: Deps,
  state: { lastCache?: CachePoint },
  now = Date.now(),
  all = false,
): Promise<void> {
  const k = keys(deps.prefix);
  const pipeline = deps.redis.pipeline();
  const add = (key: string, t: number, point: object) =>
    pipeline.zadd(key, t, JSON.stringify({ ...point, src: SOURCE }));

  const status = deps.pool.status();
  const poolT = Math.floor(now / POOL_SAMPLE_MS) * POOL_SAMPLE_MS;
  add(k.pool, poolT, {
    t: poolT,
    checked_out: status.checked_out,
    checked_in: status.checked_in,
    waiting: status.waiting,
    overflow: status.overflow,
    total: status.total_connections,
    size: status.size,
    max: status.max,
    acquire_timeouts: status.counters.acquire_timeouts,
  });
  for (const point of deps.recorder.drain(now, all)) add(k.latency, point.t, point);
  const counters = deps.cache.counters();
  const previous = state.lastCache ?? { t: 0, hits: 0, misses: 0, errors: 0 };
  const cacheT = Math.floor(now / LATENCY_BUCKET_MS) * LATENCY_BUCKET_MS;
  add(k.cache, cacheT, {
    t: cacheT,
    hits: counters.hits + counters.shared - previous.hits, // answered without a query of their own
    misses: counters.misses - previous.misses,
    errors: counters.errors - previous.errors,
    at: now,
  });
  state.lastCache = {
    t: cacheT,
    hits: counters.hits + counters.shared,
    misses: counters.misses,
    errors: counters.errors,
  };

  for (const key of Object.values(k)) pipeline.zremrangebyscore(key, "-inf", now - RETENTION_MS);
  await pipeline.exec();
}

/** Samples the pool every 5 s and flushes to Redis; Redis being down only loses samples. */
export function startMetricsSampler(deps: Deps): () => void {
  const state: { lastCache?: CachePoint } = {};
  let failing = false;
  const timer = setInterval(() => {
    if (deps.redis.status !== "ready") return;
    flushMetrics(deps, state).then(
      () => (failing = false),
      (error: Error) => {
        if (!failing) log.warn(`could not write metrics: ${error.message}`);
        failing = true;
      },
    );
  }, POOL_SAMPLE_MS);
  timer.unref();
  return () => clearInterval(timer);
}

function parse<T>(members: string[]): (T & { src: string })[] {
  return members.map((m) => JSON.parse(m));
}

/** Every process's points between `from` and `to`, merged per time (and name). */
export async function readMetrics(redis: Redis, prefix: string, from: number, to: number): Promise<MetricsSeries> {
  const k = keys(prefix);
  const results = await redis
    .pipeline()
    .zrangebyscore(k.latency, from, to)
    .zrangebyscore(k.pool, from, to)
    .zrangebyscore(k.cache, from, to)
    .exec();
  if (!results) throw new Error("Redis returned no result for the metrics pipeline");
  const [latencyRaw, poolRaw, cacheRaw] = results.map(([error, value]) => {
    if (error) throw error;
    return value as string[];
  });
  return {
    latency: mergeLatency(parse(latencyRaw)),
    pool: mergePool(parse(poolRaw)),
    cache: mergeCache(parse(cacheRaw)),
  };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

/**
 * Percentiles cannot be merged exactly: p50 is the count-weighted mean of the
 * processes' p50s, p95/p99 the worst process's (the conservative choice).
 */
function mergeLatency(points: LatencyPoint[]): LatencyPoint[] {
  return groupBy(points, (p) => `${p.t}|${p.name}`)
    .map((group) => {
      const n = group.reduce((sum, p) => sum + p.n, 0);
      return {
        t: group[0].t,
        name: group[0].name,
        n,
        p50: round3(group.reduce((sum, p) => sum + p.p50 * p.n, 0) / n),
        p95: Math.max(...group.map((p) => p.p95)),
        p99: Math.max(...group.map((p) => p.p99)),
      };
    })
    .sort((a, b) => a.t - b.t || a.name.localeCompare(b.name));
}

/** Connections add up across processes; each process's last sample in a slot counts. */
function mergePool(points: (PoolPoint & { src: string })[]): PoolPoint[] {
  const latestPerSource = groupBy(points, (p) => `${p.t}|${p.src}`).map((g) => g[g.length - 1]);
  return groupBy(latestPerSource, (p) => String(p.t))
    .map((group) => {
      const sum = (field: keyof PoolPoint) => group.reduce((total, p) => total + p[field], 0);
      return {
        t: group[0].t,
        checked_out: sum("checked_out"),
        checked_in: sum("checked_in"),
        waiting: sum("waiting"),
        overflow: sum("overflow"),
        total: sum("total"),
        size: sum("size"),
        max: sum("max"),
        acquire_timeouts: group.reduce((total, p) => total + (p.acquire_timeouts ?? 0), 0), // absent in older samples
      };
    })
    .sort((a, b) => a.t - b.t);
}

function mergeCache(points: CachePoint[]): CachePoint[] {
  return groupBy(points, (p) => String(p.t))
    .map((group) => ({
      t: group[0].t,
      hits: group.reduce((s, p) => s + p.hits, 0),
      misses: group.reduce((s, p) => s + p.misses, 0),
      errors: group.reduce((s, p) => s + p.errors, 0),
    }))
    .sort((a, b) => a.t - b.t);
}
