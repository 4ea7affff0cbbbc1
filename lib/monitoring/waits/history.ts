// Reading active session history back: average active sessions by wait class
// over a range (samples ÷ samples taken, per bucket), and for any span the
// statements and waits that made up the load.
import { sql } from "@/lib/db/sql";
import { env } from "@/lib/env";

export const WAIT_KEEP_DAYS = 7;

/** The chart's ranges and the bucket each is drawn in (at most ~360 points). */
export const WAIT_RANGES = {
  "1h": { ms: 3_600_000, bucketMinutes: 1 },
  "6h": { ms: 6 * 3_600_000, bucketMinutes: 1 },
  "24h": { ms: 24 * 3_600_000, bucketMinutes: 5 },
  "7d": { ms: 7 * 86_400_000, bucketMinutes: 30 },
} as const;
export type WaitRange = keyof typeof WAIT_RANGES;

export type WaitPoint = { t: number; byClass: Record<string, number> };

export async function waitSeries(from: Date, to: Date, bucketMinutes: number): Promise<WaitPoint[]> {
  const rows = await sql<{ t: Date; waitClass: string | null; aas: number }>(
    "WaitSample.series",
    `WITH taken AS (
       SELECT date_bin(make_interval(mins => $3), minute, $1) AS b, sum(ticks) AS ticks
         FROM wait_sample_minutes WHERE minute >= $1 AND minute < $2 GROUP BY 1),
     found AS (
       SELECT date_bin(make_interval(mins => $3), minute, $1) AS b, wait_class, sum(samples) AS samples
         FROM wait_samples WHERE minute >= $1 AND minute < $2 GROUP BY 1, 2)
     SELECT taken.b AS t, found.wait_class AS "waitClass", coalesce(found.samples, 0)::float8 / taken.ticks AS aas
       FROM taken LEFT JOIN found USING (b) ORDER BY 1`,
    [from, to, bucketMinutes],
  );
  const points = new Map<number, WaitPoint>();
  for (const row of rows) {
    const t = row.t.getTime();
    const point = points.get(t) ?? { t, byClass: {} };
    if (row.waitClass) point.byClass[row.waitClass] = row.aas;
    points.set(t, point);
  }
  return [...points.values()];
}

export type TopWait = {
  waitClass: string;
  waitEvent: string;
  relation: string;
  blockers: string;
  aas: number;
};
export type TopQuery = { queryKey: string; query: string; aas: number; byClass: Record<string, number> };

const SPAN_TICKS = `(SELECT nullif(sum(ticks), 0) FROM wait_sample_minutes WHERE minute >= $1 AND minute < $2)`;

/** The waits that made up the load between `from` and `to`, the heaviest first. */
export const topWaits = (from: Date, to: Date, limit = 10) =>
  sql<TopWait>(
    "WaitSample.topWaits",
    `SELECT wait_class AS "waitClass", wait_event AS "waitEvent", relation,
        left(string_agg(DISTINCT nullif(blockers, ''), ','), 200) AS blockers,
        coalesce(sum(samples)::float8 / ${SPAN_TICKS}, 0) AS aas
       FROM wait_samples WHERE minute >= $1 AND minute < $2
      GROUP BY 1, 2, 3 ORDER BY sum(samples) DESC LIMIT $3`,
    [from, to, limit],
  );

/** The statements that made up the load between `from` and `to`, with what each waited on. */
export async function topQueries(from: Date, to: Date, limit = 10): Promise<TopQuery[]> {
  const rows = await sql<{ queryKey: string; query: string; waitClass: string; aas: number; total: number }>(
    "WaitSample.topQueries",
    `WITH q AS (
       SELECT query_key, wait_class, min(query) AS query, sum(samples) AS samples
         FROM wait_samples WHERE minute >= $1 AND minute < $2 GROUP BY 1, 2),
     ranked AS (SELECT query_key, sum(samples) AS total FROM q GROUP BY 1 ORDER BY 2 DESC LIMIT $3)
     SELECT q.query_key AS "queryKey", q.query, q.wait_class AS "waitClass",
        coalesce(q.samples::float8 / ${SPAN_TICKS}, 0) AS aas, ranked.total::float8 AS total
       FROM q JOIN ranked USING (query_key) ORDER BY ranked.total DESC, q.samples DESC`,
    [from, to, limit],
  );
  const queries = new Map<string, TopQuery>();
  for (const row of rows) {
    const entry = queries.get(row.queryKey) ?? { queryKey: row.queryKey, query: row.query, aas: 0, byClass: {} };
    entry.aas += row.aas;
    entry.byClass[row.waitClass] = row.aas;
    queries.set(row.queryKey, entry);
  }
  return [...queries.values()];
}

/** What sampling cost between `from` and `to`: its reads' time against the time sampled. */
export async function samplerCost(from: Date, to: Date): Promise<{ ticks: number; costMs: number; minutes: number }> {
  const [row] = await sql<{ ticks: number; costMs: number; minutes: number }>(
    "WaitSampleMinute.cost",
    `SELECT coalesce(sum(ticks), 0)::float8 AS ticks, coalesce(sum(cost_ms), 0)::float8 AS "costMs",
        count(*)::float8 AS minutes FROM wait_sample_minutes WHERE minute >= $1 AND minute < $2`,
    [from, to],
  );
  return row;
}

export async function pruneWaitSamples(now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - WAIT_KEEP_DAYS * 86_400_000);
  await sql("WaitSample.prune", `DELETE FROM wait_samples WHERE minute < $1`, [cutoff]);
  await sql("WaitSampleMinute.prune", `DELETE FROM wait_sample_minutes WHERE minute < $1`, [cutoff]);
}

/** The Waits tab's reading: the chart over `range`, and the top waits and statements of `span` (the whole range without one). */
export async function waitReport(range: WaitRange, span: { from?: number; to?: number }) {
  const { ms, bucketMinutes } = WAIT_RANGES[range];
  const to = Date.now();
  const from = to - ms;
  const selected = span.from !== undefined && span.to !== undefined && span.from < span.to;
  const spanFrom = new Date(selected ? span.from! : from);
  const spanTo = new Date(selected ? span.to! : to);
  const [points, waits, queries, cost] = await Promise.all([
    waitSeries(new Date(from), new Date(to), bucketMinutes),
    topWaits(spanFrom, spanTo),
    topQueries(spanFrom, spanTo),
    samplerCost(new Date(from), new Date(to)),
  ]);
  return {
    from,
    to,
    bucketMs: bucketMinutes * 60_000,
    points,
    selected,
    spanFrom,
    spanTo,
    waits,
    queries,
    /** The share of the range's time its sampling reads took (null before any sample). */
    costShare: cost.minutes ? cost.costMs / (cost.minutes * 60_000) : null,
    sampleEveryMs: env().WAIT_SAMPLE_EVERY_MS,
  };
}

/** The overview's small chart: the last hour, by minute. */
export async function lastHourLoad() {
  const to = Date.now();
  const from = to - 3_600_000;
  return { from, to, points: await waitSeries(new Date(from), new Date(to), 1) };
}
