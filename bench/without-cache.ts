// The benchmark's "without cache" runs: the app's queries straight to Postgres.
// The product has no such switch; the benchmark swaps the cache's lookup out
// (or its near tier) for the duration of `work` and puts it back.
import { cacheOptionsFromEnv, QueryCache, queryCache } from "@/lib/db/cache";
import { redis } from "@/lib/db/client";

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
  redisOnly ??= new QueryCache(redis(), { ...cacheOptionsFromEnv(), near: false });
  return swapped((query, run) => redisOnly!.cached(query, run), work);
}
