// Where plans and their latency are kept (query_plans, query_plan_latency):
// written by the capture (capture.ts), read by the plan viewer and the
// plan-change incident rule, pruned with the other 7-day history.
import { sql } from "@/lib/db/sql";
import type { PlanNode } from "@/lib/db/queries/plan-shape";
import { planSummary } from "@/lib/db/queries/plan-shape";
import { addHistograms, emptyHistogram, histogramPercentile } from "@/lib/monitoring/plans/histogram";

export const PLAN_KEEP_DAYS = 7;
/** Parameter values kept with a plan: enough to read, never a whole document. */
const PARAM_MAX_CHARS = 200;

/** EXPLAIN (FORMAT JSON) of a statement with its values: the plan's root node. */
export async function explainPlan(text: string, values: unknown[]): Promise<PlanNode> {
  const [row] = await sql<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    "QueryPlan.explain",
    `EXPLAIN (FORMAT JSON) ${text}`,
    values,
  );
  return row["QUERY PLAN"][0].Plan;
}

const keptValue = (v: unknown) => {
  const text = v instanceof Date ? v.toISOString() : typeof v === "string" ? v : JSON.stringify(v ?? null);
  return text.length > PARAM_MAX_CHARS ? `${text.slice(0, PARAM_MAX_CHARS)}…` : text;
};

export async function savePlan(p: {
  family: string;
  fingerprint: string;
  query: string;
  plan: PlanNode;
  params: unknown[];
}): Promise<void> {
  await sql(
    "QueryPlan.save",
    `INSERT INTO query_plans (family, fingerprint, query, plan, params, first_seen, last_seen)
     VALUES ($1, $2, $3, $4, $5, now(), now())
     ON CONFLICT (family, fingerprint) DO UPDATE SET last_seen = now(), plan = EXCLUDED.plan, params = EXCLUDED.params`,
    [p.family, p.fingerprint, p.query, JSON.stringify(p.plan), JSON.stringify(p.params.map(keptValue))],
  );
}

export async function recordLatency(p: {
  family: string;
  fingerprint: string;
  minute: Date;
  calls: number;
  totalMs: number;
  histogram: number[];
}): Promise<void> {
  await sql(
    "QueryPlanLatency.record",
    `INSERT INTO query_plan_latency (family, fingerprint, minute, calls, total_ms, buckets)
     VALUES ($1, $2, date_trunc('minute', $3::timestamptz), $4, $5, $6::int[])
     ON CONFLICT (family, fingerprint, minute) DO UPDATE SET
       calls = query_plan_latency.calls + EXCLUDED.calls,
       total_ms = query_plan_latency.total_ms + EXCLUDED.total_ms,
       buckets = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                         FROM unnest(query_plan_latency.buckets, EXCLUDED.buckets) AS t(a, b))`,
    [p.family, p.fingerprint, p.minute, p.calls, p.totalMs, p.histogram],
  );
}

export type PlanRecord = {
  family: string;
  fingerprint: string;
  query: string;
  plan: PlanNode;
  params: string[];
  firstSeen: Date;
  lastSeen: Date;
  summary: string;
  calls: number;
  meanMs: number | null;
  p95Ms: number | null;
};

type LatencySum = { calls: number; totalMs: number; histogram: number[] };
const key = (family: string, fingerprint: string) => `${family}\u0000${fingerprint}`;

/** Calls, total time and the summed histogram per family and plan, between `from` and `to`. */
async function latencySums(from: Date, to: Date, family?: string): Promise<Map<string, LatencySum>> {
  const params = [from, to, family ?? null];
  const filter = `minute >= $1 AND minute < $2 AND ($3::text IS NULL OR family = $3)`;
  const totals = await sql<{ family: string; fingerprint: string; calls: number; totalMs: number }>(
    "QueryPlanLatency.totals",
    `SELECT family, fingerprint, sum(calls)::float8 AS calls, sum(total_ms)::float8 AS "totalMs"
       FROM query_plan_latency WHERE ${filter} GROUP BY 1, 2`,
    params,
  );
  const buckets = await sql<{ family: string; fingerprint: string; bucket: number; n: number }>(
    "QueryPlanLatency.buckets",
    `SELECT family, fingerprint, (u.i - 1)::int AS bucket, sum(u.b)::float8 AS n
       FROM query_plan_latency, unnest(buckets) WITH ORDINALITY AS u(b, i)
      WHERE ${filter} AND u.b > 0 GROUP BY 1, 2, 3`,
    params,
  );
  const sums = new Map<string, LatencySum>();
  for (const t of totals)
    sums.set(key(t.family, t.fingerprint), { calls: t.calls, totalMs: t.totalMs, histogram: emptyHistogram() });
  for (const b of buckets) {
    const sum = sums.get(key(b.family, b.fingerprint));
    if (sum) sum.histogram[b.bucket] += b.n;
  }
  return sums;
}

const merged = (sums: LatencySum[]) =>
  sums.reduce<LatencySum>(
    (all, s) => ({
      calls: all.calls + s.calls,
      totalMs: all.totalMs + s.totalMs,
      histogram: addHistograms(all.histogram, s.histogram),
    }),
    { calls: 0, totalMs: 0, histogram: emptyHistogram() },
  );

type StoredPlan = Omit<PlanRecord, "summary" | "calls" | "meanMs" | "p95Ms">;

const storedPlans = (family?: string) =>
  sql<StoredPlan>(
    "QueryPlan.list",
    `SELECT family, fingerprint, query, plan, params, first_seen AS "firstSeen", last_seen AS "lastSeen"
       FROM query_plans WHERE $1::text IS NULL OR family = $1 ORDER BY family, last_seen DESC`,
    [family ?? null],
  );

const withLatency = (plan: StoredPlan, sum: LatencySum | undefined): PlanRecord => ({
  ...plan,
  summary: planSummary(plan.plan),
  calls: sum?.calls ?? 0,
  meanMs: sum?.calls ? sum.totalMs / sum.calls : null,
  p95Ms: sum ? histogramPercentile(sum.histogram, 95) : null,
});

/** Every plan of every family (or of one), newest first, with calls, mean and p95 over the days kept. */
export async function familyPlans(family?: string): Promise<PlanRecord[]> {
  const now = new Date();
  const sums = await latencySums(new Date(now.getTime() - PLAN_KEEP_DAYS * 86_400_000), now, family);
  return (await storedPlans(family)).map((p) => withLatency(p, sums.get(key(p.family, p.fingerprint))));
}

export type PlanChange = {
  family: string;
  before: PlanRecord;
  after: PlanRecord;
  /** p95 of the earlier plans in the baseline window, and of the current plan since it appeared. */
  baselineP95Ms: number | null;
  currentP95Ms: number | null;
  baselineCalls: number;
  currentCalls: number;
};

/**
 * Each family whose current plan (the one captured last) differs from an
 * earlier one: the earlier plans' latency in the `baselineHours` before the
 * current plan appeared, against the current plan's since.
 */
export async function planChanges(baselineHours: number, now = new Date()): Promise<PlanChange[]> {
  const plans = await storedPlans();
  const byFamily = new Map<string, StoredPlan[]>();
  for (const plan of plans) byFamily.set(plan.family, [...(byFamily.get(plan.family) ?? []), plan]);
  const changes: PlanChange[] = [];
  for (const [family, [current, ...earlier]] of byFamily) {
    if (!earlier.length) continue;
    // Latency is kept per minute: the minute the plan changed in is read on both sides, each side's own plans only.
    const since = new Date(Math.floor(current.firstSeen.getTime() / 60_000) * 60_000);
    const after = await latencySums(since, new Date(now.getTime() + 60_000), family);
    const before = await latencySums(
      new Date(since.getTime() - baselineHours * 3_600_000),
      new Date(since.getTime() + 60_000),
      family,
    );
    const afterSum = after.get(key(family, current.fingerprint));
    const beforeSum = merged(earlier.map((p) => before.get(key(family, p.fingerprint))).filter((s) => !!s));
    changes.push({
      family,
      before: withLatency(earlier[0], beforeSum),
      after: withLatency(current, afterSum),
      baselineP95Ms: histogramPercentile(beforeSum.histogram, 95),
      currentP95Ms: afterSum ? histogramPercentile(afterSum.histogram, 95) : null,
      baselineCalls: beforeSum.calls,
      currentCalls: afterSum?.calls ?? 0,
    });
  }
  return changes;
}

/** Removes plans not seen and latency older than the days kept. */
export async function prunePlans(now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - PLAN_KEEP_DAYS * 86_400_000);
  await sql("QueryPlanLatency.prune", `DELETE FROM query_plan_latency WHERE minute < $1`, [cutoff]);
  await sql("QueryPlan.prune", `DELETE FROM query_plans WHERE last_seen < $1`, [cutoff]);
}
