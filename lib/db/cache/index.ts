// The process's query cache: cached(query, run) and invalidate(tags), over the
// shared Redis connection with the configured key prefix and per-kind TTLs.
// How it works: query-cache.ts.
import { redis } from "@/lib/db/client";
import { processEnv } from "@/lib/env";
import { QueryCache, type CachedQuery, type CacheOptions } from "@/lib/db/cache/query-cache";
import { newerThanTags, noteWrite, readerPosition, replicasConfigured } from "@/lib/db/replicas/read-your-writes";
import { replicaScope } from "@/lib/db/replicas/route";
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

/**
 * A read through the cache: `cached({ name, params, kind, tags }, () => query)`.
 * With `replica`, its loader may read on a replica (lib/db/replicas/route.ts)
 * that has replayed the reader's own last write; a value read there is cached
 * only if that replica had also replayed every write that bumped its tags.
 */
export function cached<T>(query: CachedQuery, run: () => Promise<T>): Promise<T> {
  if (!query.replica || !replicasConfigured()) return queryCache().cached(query, run);
  return cachedOnReplicas(query, query.replica.reader, run);
}

async function cachedOnReplicas<T>(query: CachedQuery, reader: string | null, run: () => Promise<T>): Promise<T> {
  const minLsn = await readerPosition(reader);
  let servedAt: () => bigint | null = () => null;
  const load = () => {
    const { scope, result } = replicaScope(minLsn, run);
    servedAt = () => scope.servedAt;
    return result;
  };
  return queryCache().cached(query, load, {
    sharedAs: minLsn === 0n ? undefined : `after:${minLsn ?? "unknown"}`,
    keep: async () => {
      const at = servedAt();
      return at === null || newerThanTags(at, query.tags);
    },
  });
}

/**
 * After a write: every entry with one of these tags is stale, on every
 * instance. With replicas, the write's WAL position is recorded for the tags
 * first: a load that sees the new tag versions also sees that position.
 */
export async function invalidate(tags: string[]): Promise<void> {
  // Not recorded (Redis or the primary just failed): Redis cannot store a value now either.
  if (replicasConfigured())
    await noteWrite(tags).catch((error: Error) => log.warn(`write position not recorded: ${error.message}`));
  return queryCache().invalidate(tags);
}
