// A mixed read workload in realistic proportions, run with and without the
// cache, counting the queries that reach Postgres (the claim to check: 50-80% fewer).
import { withoutCache } from "./without-cache";
import { latencyRecorder } from "@/lib/monitoring/metrics";
import { getAlerts } from "@/lib/db/queries/alerts";
import { getRecentScans } from "@/lib/db/queries/scans";
import { getTicker } from "@/lib/db/queries/tickers";
import { getWatchlist } from "@/lib/db/queries/watchlists";
import { PATTERN_TYPES } from "@/lib/validation";
import { random } from "@/lib/db/seed/demo-data";
import { deleteKeys } from "@/test/run-resources";

export type WorkloadResult = {
  reads: number;
  mix: Record<string, number>;
  db_queries_without_cache: number;
  db_queries_with_cache: number;
  reduction_pct: number;
};

/** Zipf-like pick: popular items are asked for far more often than the tail. */
function popular<T>(rand: () => number, items: T[]): T {
  return items[Math.min(items.length - 1, Math.floor(items.length * rand() ** 2.5))];
}

function readsFor(count: number, symbols: string[]): { kind: string; run: () => Promise<unknown> }[] {
  const rand = random(7);
  const filters = PATTERN_TYPES.flatMap((patternType) =>
    [undefined, 6, 7, 8].map((minScore) => ({ patternType, minScore })),
  );
  return Array.from({ length: count }, () => {
    const r = rand();
    // Traders mostly browse scans; then their watchlists and alerts; ticker pages last.
    if (r < 0.5) return { kind: "scans", run: () => getRecentScans({ limit: 20, ...popular(rand, filters) }) };
    if (r < 0.7) {
      const userId = 1 + Math.floor(rand() * 50);
      return { kind: "watchlists", run: () => getWatchlist({ userId }) };
    }
    if (r < 0.9) {
      const userId = 1 + Math.floor(rand() * 50);
      return { kind: "alerts", run: () => getAlerts({ userId }) };
    }
    const symbol = popular(rand, symbols);
    return { kind: "tickers", run: () => getTicker(symbol) };
  });
}

export async function mixedWorkload(symbols: string[], redisUrl: string, prefix: string): Promise<WorkloadResult> {
  const reads = readsFor(1000, symbols);
  const mix: Record<string, number> = {};
  for (const read of reads) mix[read.kind] = (mix[read.kind] ?? 0) + 1;
  const countQueries = async (useCache: boolean) => {
    await deleteKeys(redisUrl, prefix);
    const before = latencyRecorder().total;
    const runAll = async () => {
      for (const read of reads) await read.run();
    };
    await (useCache ? runAll() : withoutCache(runAll));
    return latencyRecorder().total - before;
  };
  const without = await countQueries(false);
  const withCache = await countQueries(true);
  return {
    reads: reads.length,
    mix,
    db_queries_without_cache: without,
    db_queries_with_cache: withCache,
    reduction_pct: Math.round((1 - withCache / without) * 1000) / 10,
  };
}
