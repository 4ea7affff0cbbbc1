// The process's query cache: cached(query, run) and invalidate(tags), over the
// shared Redis connection with the configured key prefix and per-kind TTLs.
// How it works: query-cache.ts.
import { redis } from "@/lib/db/client";
import { processEnv } from "@/lib/env";
import { QueryCache, type CachedQuery, type CacheOptions } from "@/lib/db/cache/query-cache";
import { newerThanTags, noteWrite, readerPosition, replicasConfigured } from "@/lib/db/replicas/read-your-writes";
import { primaryTarget, readOn, type ReadTarget } from "@/lib/db/replicas/route";
import { logger } from "@/lib/log/logger";

const log = logger("cache");

export { normaliseParams } from "@/lib/db/cache/keys";
export {
  QueryCache,
  type CacheCounters,
  type CacheKind,
  type CachedQuery,
  type CacheOptions,
} from "@/lib/db/cache/query-cache";

/** Database statistics change slowly and cost a little to read: 30 s is fresh enough. */
const INSIGHTS_TTL_S = 30;

const store = globalThis as typeof globalThis & { __legendaiCache?: QueryCache };

/** The configured key prefix and per-kind TTLs (the process's own settings). */
export function cacheOptionsFromEnv(): CacheOptions {
  const e = processEnv();
  return {
    prefix: e.REDIS_KEY_PREFIX,
    ttls: {
      tickers: e.CACHE_TTL_TICKERS,
      scans: e.CACHE_TTL_SCANS,
      watchlists: e.CACHE_TTL_WATCHLISTS,
      alerts: e.CACHE_TTL_ALERTS,
      insights: INSIGHTS_TTL_S,
    },
  };
}

/** This process's cache. */
export function queryCache(): QueryCache {
  store.__legendaiCache ??= new QueryCache(redis(), cacheOptionsFromEnv());
  return store.__legendaiCache;
}

/** A read through the cache: `cached({ name, params, kind, tags }, () => query)`. */
export function cached<T>(query: CachedQuery, run: () => Promise<T>): Promise<T> {
  return queryCache().cached(query, run);
}

/**
 * A read replicas may serve, through the cache: `read` runs on a replica that
 * has replayed `reader`'s last write (the user or scanner whose own writes
 * must show; null: anyone), else on the primary (lib/db/replicas/route.ts). A
 * value read on a replica is cached only if that replica had also replayed
 * every write that bumped its tags, and a reader whose own write must show
 * shares an in-flight load with no one else.
 */
export function cachedRead<T>(
  query: CachedQuery,
  reader: string | null,
  read: (target: ReadTarget) => Promise<T>,
): Promise<T> {
  if (!replicasConfigured()) return queryCache().cached(query, () => read(primaryTarget()));
  return cachedOnReplicas(query, reader, read);
}

async function cachedOnReplicas<T>(
  query: CachedQuery,
  reader: string | null,
  read: (target: ReadTarget) => Promise<T>,
): Promise<T> {
  const minLsn = await readerPosition(reader);
  let servedAt: bigint | null = null;
  const load = async () => {
    const served = await readOn(minLsn, read);
    servedAt = served.servedAt;
    return served.value;
  };
  return queryCache().cached(query, load, {
    sharedAs: minLsn === 0n ? undefined : `after:${minLsn ?? "unknown"}`,
    keep: async () => servedAt === null || newerThanTags(servedAt, query.tags),
  });
}

/**
 * After a write: every entry with one of these tags is stale, on every
 * instance. With replicas, the write's WAL position is recorded first, for the
 * tags (a load that sees the new tag versions also sees that position) and for
 * `writers`, the readers whose own write this was (lib/db/replicas).
 */
export async function invalidate(tags: string[], writers: string[] = []): Promise<void> {
  // Not recorded (Redis or the primary just failed): Redis cannot store a value now either, and this
  // instance sends the writers' reads to the primary meanwhile.
  if (replicasConfigured())
    await noteWrite([...tags, ...writers]).catch((error: Error) =>
      log.warn(`write position not recorded: ${error.message}`),
    );
  return queryCache().invalidate(tags);
}
