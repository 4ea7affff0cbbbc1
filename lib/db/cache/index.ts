// The process's query cache: cached(query, run) and invalidate(tags), over the
// shared Redis connection with the configured key prefix and per-kind TTLs.
// How it works: query-cache.ts.
import { redis } from "@/lib/db/client";
import { processEnv } from "@/lib/env";
import { QueryCache, type CachedQuery, type CacheOptions } from "@/lib/db/cache/query-cache";

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

/** After a write: every entry with one of these tags is stale, on every instance. */
export function invalidate(tags: string[]): Promise<void> {
  return queryCache().invalidate(tags);
}
