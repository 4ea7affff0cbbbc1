// Shapes the metrics API's points into rows for the charts (pure, shared by
// server and client).
import type { CachePoint, LatencyPoint, PoolPoint } from "@/lib/monitoring/metrics";
import type { SeriesResponse } from "@/lib/monitoring/overview";

export type { SeriesResponse };
export type Percentile = "p50" | "p95" | "p99";

/** "PatternScan.findMany" → "PatternScan": the chart shows one line per table family. */
export const familyOf = (name: string) => name.split(".")[0];

/** How many families a latency chart draws: the slowest, each in a colour of its own. */
export const LATENCY_LINES = 8;

/**
 * One row per time with a column per family: the slowest operation's percentile (p50 weighted by
 * count). `families`: the LATENCY_LINES slowest (by their peak in the range), slowest first; `total`: how many there are.
 */
export function latencyRows(
  points: LatencyPoint[],
  percentile: Percentile,
): { rows: Record<string, number>[]; families: string[]; total: number } {
  const byTime = new Map<number, Map<string, { weighted: number; n: number; max: number }>>();
  for (const p of points) {
    const row = byTime.get(p.t) ?? new Map();
    const family = familyOf(p.name);
    const acc = row.get(family) ?? { weighted: 0, n: 0, max: 0 };
    acc.weighted += p.p50 * p.n;
    acc.n += p.n;
    acc.max = Math.max(acc.max, p[percentile]);
    row.set(family, acc);
    byTime.set(p.t, row);
  }
  const rows = [...byTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, row]) => {
      const out: Record<string, number> = { t };
      for (const [family, acc] of row)
        out[family] = Math.round((percentile === "p50" ? acc.weighted / acc.n : acc.max) * 100) / 100;
      return out;
    });
  const peak = new Map<string, number>();
  for (const row of rows)
    for (const [family, value] of Object.entries(row))
      if (family !== "t") peak.set(family, Math.max(peak.get(family) ?? 0, value));
  const families = [...peak.keys()].sort((a, b) => peak.get(b)! - peak.get(a)! || a.localeCompare(b));
  return { rows, families: families.slice(0, LATENCY_LINES), total: families.length };
}

export function cacheRows(points: CachePoint[]) {
  return points
    .filter((p) => p.hits + p.misses > 0)
    .map((p) => ({
      t: p.t,
      hitRatio: Math.round((p.hits / (p.hits + p.misses)) * 1000) / 10,
      hits: p.hits,
      misses: p.misses,
      errors: p.errors,
    }));
}

export function poolRows(points: PoolPoint[]) {
  return points.map((p) => ({
    t: p.t,
    "checked out": p.checked_out,
    idle: p.checked_in,
    waiting: p.waiting,
    overflow: p.overflow,
    size: p.size,
    max: p.max,
  }));
}
