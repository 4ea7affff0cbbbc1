// The benchmark's "without cache" runs: the app's queries straight to Postgres.
// The product has no such switch; the benchmark swaps the cache's lookup out
// for the duration of `work` and puts it back.
import { queryCache } from "@/lib/db/cache";

export async function withoutCache<T>(work: () => Promise<T>): Promise<T> {
  const cache = queryCache();
  const lookup = cache.cached;
  cache.cached = (_query, run) => run();
  try {
    return await work();
  } finally {
    cache.cached = lookup;
  }
}
