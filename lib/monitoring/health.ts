// health_check(): Postgres decides healthy/unhealthy, Redis only
// degrades (the cache falls back to Postgres).
import type { Redis } from "ioredis";
import { pool, redis } from "@/lib/db/client";
import type { ObservedPool, PoolStatus } from "@/lib/db/pool";
import { waitUntilReady } from "@/lib/db/redis";
import { maskSecrets } from "@/lib/log/mask";

export type Health = {
  status: "healthy" | "degraded" | "unhealthy";
  connection: boolean;
  pool: PoolStatus;
  redis: { connection: boolean; latency_ms: number | null; error?: string };
  database: { latency_ms: number | null; error?: string };
};

const REDIS_READY_WAIT_MS = 250;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number | null; error?: string }> {
  const started = performance.now();
  try {
    await work();
    return { ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { ms: null, error: maskSecrets((error as Error).message) };
  }
}

/** get_pool_status(): this process's pool. */
export function getPoolStatus(target: ObservedPool = pool()): PoolStatus {
  return target.status();
}

export async function healthCheck(
  deps: { pool: ObservedPool; redis: Redis } = { pool: pool(), redis: redis() },
): Promise<Health> {
  const [database, cache] = await Promise.all([
    timed(() => deps.pool.query("SELECT 1")),
    timed(async () => {
      if (!(await waitUntilReady(deps.redis, REDIS_READY_WAIT_MS))) throw new Error(`Redis is ${deps.redis.status}`);
      // The 50 ms command timeout is for the cache's hot path; a busy event loop can
      // outlast it once, so a timed-out ping is asked again before Redis is called down.
      await deps.redis.ping().catch(() => deps.redis.ping());
    }),
  ]);
  const connection = database.ms !== null;
  const redisUp = cache.ms !== null;
  return {
    status: !connection ? "unhealthy" : redisUp ? "healthy" : "degraded",
    connection,
    pool: deps.pool.status(),
    redis: { connection: redisUp, latency_ms: cache.ms, ...(cache.error ? { error: cache.error } : {}) },
    database: { latency_ms: database.ms, ...(database.error ? { error: database.error } : {}) },
  };
}
