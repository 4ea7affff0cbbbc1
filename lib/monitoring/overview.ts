// What the overview page and its chart route read: the metrics series over a
// chosen range, the backup summary, the instances and this process's cache
// counters. Pages
// and routes call these; none of them reads configuration or Redis itself.
import { z } from "zod";
import { queryCache } from "@/lib/db/cache";
import { redis } from "@/lib/db/client";
import { env } from "@/lib/env";
import { readMetrics, type MetricsSeries } from "@/lib/monitoring/metrics";
import { sharedCatalog } from "@/lib/ops/catalog";
import { currentCapacity, listInstances } from "@/lib/monitoring/instances";

export const CHART_RANGES = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
} as const;
export type ChartRange = keyof typeof CHART_RANGES;
export const CHART_RANGE_NAMES = Object.keys(CHART_RANGES) as ChartRange[];
export const DEFAULT_CHART_RANGE: ChartRange = "1h";
export const chartRangeSchema = z.enum(CHART_RANGE_NAMES as [ChartRange, ...ChartRange[]]).default(DEFAULT_CHART_RANGE);

export type SeriesResponse = MetricsSeries & { from: number; to: number };

/** Every app process's samples over `range`, up to now; throws when Redis cannot be read. */
export async function readSeries(range: ChartRange, now = Date.now()): Promise<SeriesResponse> {
  const from = now - CHART_RANGES[range];
  return { from, to: now, ...(await readMetrics(redis(), env().REDIS_KEY_PREFIX, from, now)) };
}

/** The series for the page's first paint: empty (the charts say so) when Redis is down. */
export async function initialSeries(): Promise<SeriesResponse> {
  const now = Date.now();
  return readSeries(DEFAULT_CHART_RANGE, now).catch(() => ({
    from: now - CHART_RANGES[DEFAULT_CHART_RANGE],
    to: now,
    latency: [],
    pool: [],
    cache: [],
  }));
}

/** The last backup, the last restore drill and how many backups are kept. */
export async function backupSummary() {
  const catalog = await sharedCatalog();
  return {
    last: catalog.find((e) => e.manifest) ?? null,
    lastVerified: catalog.find((e) => e.manifest?.verification) ?? null,
    count: catalog.length,
  };
}

/** This process's cache counters, and its near cache's size against its bounds. */
export const cacheCounters = () => ({ ...queryCache().counters(), near: queryCache().nearStats() });

/** Every live instance, and their pools and caches added up. */
export async function instancesSummary() {
  const instances = await listInstances();
  const sum = (pick: (i: (typeof instances)[number]) => number) => instances.reduce((total, i) => total + pick(i), 0);
  const answered = sum((i) => i.cache.hits + i.cache.shared);
  const lookups = answered + sum((i) => i.cache.misses);
  return {
    instances,
    pools: { inUse: sum((i) => i.pool.inUse), open: sum((i) => i.pool.open), max: sum((i) => i.pool.max) },
    cache: { hitRatio: lookups ? answered / lookups : 0, lookups, errors: sum((i) => i.cache.errors) },
    capacity: await currentCapacity(instances).catch(() => null),
  };
}
