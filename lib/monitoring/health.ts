// The health check: Postgres decides healthy/unhealthy, Redis only
// degrades (the cache falls back to Postgres).
import type { Redis } from "ioredis";
import { getPoolStatus, redis } from "@/lib/db/client";
import type { ObservedPool, PoolStatus } from "@/lib/db/pool";
import { sql } from "@/lib/db/sql";
import { waitUntilReady, withinMs } from "@/lib/db/redis";
import { withDeadline } from "@/lib/db/errors";
import { maskSecrets } from "@/lib/mask";
import { capacity, listInstances, type Capacity } from "@/lib/monitoring/instances";

export type Health = {
  status: "healthy" | "degraded" | "unhealthy";
  connection: boolean;
  pool: PoolStatus;
  redis: { connection: boolean; latency_ms: number | null; error?: string };
  database: { latency_ms: number | null; error?: string };
  /** Every live instance's pool against max_connections (null when Postgres did not answer). */
  capacity: Capacity | null;
  /** Why the status is not "healthy", in words. */
  reasons: string[];
};

const REDIS_READY_WAIT_MS = 250;
/** Each probe's limit: the health check answers within about two seconds whatever hangs. */
const PROBE_TIMEOUT_MS = 1_500;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number | null; error?: string }> {
  const started = performance.now();
  try {
    await work();
    return { ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { ms: null, error: maskSecrets((error as Error).message) };
  }
}

/** What the check runs against: this process's pool and Redis unless a test gives others. */
type Deps = { pool?: ObservedPool; redis?: Redis };

/** The live instances' pools against this server's max_connections. */
async function capacityOf(deps: Deps): Promise<Capacity> {
  const instances = await listInstances(deps.redis);
  return capacity(deps.pool, instances);
}

export async function healthCheck(deps: Deps = {}): Promise<Health> {
  const cacheRedis = deps.redis ?? redis();
  const [database, cache] = await Promise.all([
    timed(() => withDeadline(sql("Health.ping", "SELECT 1", [], deps.pool), PROBE_TIMEOUT_MS)),
    timed(async () => {
      if (!(await waitUntilReady(cacheRedis, REDIS_READY_WAIT_MS))) throw new Error(`Redis is ${cacheRedis.status}`);
      // One slow ping (a busy event loop, a reconnect) is asked again before Redis is called down.
      const ping = () => withinMs(cacheRedis.ping(), PROBE_TIMEOUT_MS / 2);
      await ping().catch(ping);
    }),
  ]);
  const connection = database.ms !== null;
  const redisUp = cache.ms !== null;
  const room = connection ? await withDeadline(capacityOf(deps), PROBE_TIMEOUT_MS).catch(() => null) : null;
  const reasons = [
    ...(connection ? [] : [`PostgreSQL is not answering: ${database.error ?? "no answer"}`]),
    ...(redisUp ? [] : [`Redis is not answering (${cache.error ?? "no answer"}): reads go to PostgreSQL`]),
    ...(room?.message ? [room.message] : []),
  ];
  return {
    status: !connection ? "unhealthy" : redisUp && room?.fits !== false ? "healthy" : "degraded",
    capacity: room,
    reasons,
    connection,
    pool: deps.pool?.status() ?? getPoolStatus(),
    redis: { connection: redisUp, latency_ms: cache.ms, ...(cache.error ? { error: cache.error } : {}) },
    database: { latency_ms: database.ms, ...(database.error ? { error: database.error } : {}) },
  };
}
