// The hot query families on the scratch copy, before and after a migration:
// each one's plan (EXPLAIN, fingerprinted like the live capture) and its p95
// over a few runs, so that a migration's effect on them can be read.
import type pg from "pg";
import { HOT_QUERIES, type HotQuerySample } from "@/lib/db/queries/hot-queries";
import { planFingerprint, planSummary, type PlanNode } from "@/lib/db/queries/plan-shape";
import { percentile } from "@/lib/percentile";

export type FamilyReading = { family: string; fingerprint: string; summary: string; p95Ms: number };

const RUNS = 20;

export async function readFamilies(client: pg.Client, sample: HotQuerySample): Promise<Map<string, FamilyReading>> {
  const readings = new Map<string, FamilyReading>();
  for (const query of HOT_QUERIES) {
    const params = query.params(sample);
    const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${query.sql}`,
      params,
    );
    const plan = rows[0]["QUERY PLAN"][0].Plan;
    await client.query(query.sql, params); // warm: the first run after a migration reads cold pages
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await client.query(query.sql, params);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    readings.set(query.id, {
      family: query.name,
      fingerprint: planFingerprint(plan),
      summary: planSummary(plan),
      p95Ms: Math.round(percentile(times, 95) * 100) / 100,
    });
  }
  return readings;
}

export type PlanChangeReport = {
  family: string;
  before: string;
  after: string;
  p95_before_ms: number;
  p95_after_ms: number;
};

export function planChangesBetween(
  before: Map<string, FamilyReading>,
  after: Map<string, FamilyReading>,
): PlanChangeReport[] {
  return [...after]
    .filter(([id, reading]) => before.get(id) && before.get(id)!.fingerprint !== reading.fingerprint)
    .map(([id, reading]) => ({
      family: reading.family,
      before: before.get(id)!.summary,
      after: reading.summary,
      p95_before_ms: before.get(id)!.p95Ms,
      p95_after_ms: reading.p95Ms,
    }));
}
