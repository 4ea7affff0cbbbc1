// The benchmark's "without cache" runs: the app's queries straight to Postgres.
// The product has no such switch; the benchmark swaps the cache's lookup out
// (or its near tier) for the duration of `work` and puts it back.
import { QueryCache, queryCache } from "@/lib/db/cache";
import { redis } from "@/lib/db/client";
import { processEnv } from "@/lib/env";

async function swapped<T>(lookup: QueryCache["cached"], work: () => Promise<T>): Promise<T> {
  const cache = queryCache();
  const original = cache.cached;
  cache.cached = lookup;
  try {
    return await work();
  } finally {
    cache.cached = original;
  }
}

/** The app's queries straight to Postgres. */
export const withoutCache = <T>(work: () => Promise<T>) => swapped((_query, run) => run(), work);

let redisOnly: QueryCache | null = null;

/** The app's queries through Redis alone: the same keys and TTLs, no near cache. */
export function withoutNearCache<T>(work: () => Promise<T>): Promise<T> {
  const e = processEnv();
  redisOnly ??= new QueryCache(redis(), {
    prefix: e.REDIS_KEY_PREFIX,
    ttls: {
      tickers: e.CACHE_TTL_TICKERS,
      scans: e.CACHE_TTL_SCANS,
      watchlists: e.CACHE_TTL_WATCHLISTS,
      alerts: e.CACHE_TTL_ALERTS,
    },
    near: false,
  });
  return swapped((query, run) => redisOnly!.cached(query, run), work);
}
