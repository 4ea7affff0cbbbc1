// Plans of the app's own queries, provoked for real: a ticker's scans run on
// their index, then the index is dropped and the same real query runs again.
// The capture sees a second plan, the latency under it is measured, and the
// plan-change rule fires with both plans.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, prisma } from "@/lib/db/client";
import { findScans } from "@/lib/db/queries/scan-find";
import { saveScansBatch } from "@/lib/db/queries/scans";
import { demoScans, demoTickers } from "@/lib/db/seed/demo-data";
import { withPgClient } from "@/lib/db/pg-client";
import { sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import type { Facts } from "@/lib/incidents/facts";
import { RULES } from "@/lib/incidents/rules";
import { incidentSettingsSchema } from "@/lib/incidents/settings";
import { flushPlanLatency, forgetPlans, settleCaptures, startPlanCapture } from "@/lib/monitoring/plans/capture";
import { familyPlans, planChanges } from "@/lib/monitoring/plans/store";
import { resetData } from "@/test/reset";

const INDEX = "ix_pattern_scans_ticker";
const symbols = demoTickers(2_000).map((t) => t.symbol);

async function runTickerQueries(times: number) {
  for (let i = 0; i < times; i++) await findScans({ ticker: symbols[i % 10], limit: 25, sort: "newest" });
  await settleCaptures();
  await flushPlanLatency();
}

beforeAll(async () => {
  await resetData();
  await sql("Test.truncatePlans", "TRUNCATE query_plans, query_plan_latency");
  const scans = demoScans(120_000, symbols, { now: new Date() });
  for (let i = 0; i < scans.length; i += 20_000) await saveScansBatch(scans.slice(i, i + 20_000));
  // hint bits and statistics set now, not during the measured calls
  await withPgClient(env().DATABASE_URL, (client) => client.query("VACUUM ANALYZE pattern_scans"));
  startPlanCapture();
}, 120_000);

afterAll(async () => {
  await sql("Test.restoreIndex", `CREATE INDEX IF NOT EXISTS "${INDEX}" ON pattern_scans (ticker, scanned_at DESC)`);
  await resetData();
  await closeDb();
});

describe("plan capture and plan changes", () => {
  it("captures the plan of a real call, with its parameters, and the latency under it", async () => {
    await runTickerQueries(60);
    const plans = await familyPlans();
    const family = plans.find((p) => p.family.startsWith("PatternScan.findMany by ticker"));
    expect(family, JSON.stringify(plans.map((p) => p.family))).toBeDefined();
    expect(family!.summary).toContain(INDEX);
    expect(family!.params[0]).toMatch(/^[A-Z]+$/); // the real call's ticker
    expect(family!.calls).toBe(60);
    expect(family!.p95Ms).toBeGreaterThan(0);
    // Prisma's queries too (its engine may send them outside the call's context: named by their table)
    await prisma().watchlist.findMany({ where: { userId: 1 }, take: 5 });
    await settleCaptures();
    expect((await familyPlans()).map((p) => p.family)).toContainEqual(
      expect.stringMatching(/^Watchlist\..* by user_id/),
    );
    // monitoring's own statements are not families
    expect(plans.every((p) => /^(PatternScan|Watchlist|AlertLog|ScanLog|Ticker)\./.test(p.family))).toBe(true);
  });

  it("dropping the index changes the plan, raises p95 and fires an incident with both plans", async () => {
    await sql("Test.dropIndex", `DROP INDEX "${INDEX}"`);
    forgetPlans(); // as when the capture period has passed: the next call captures again
    await runTickerQueries(60);
    const settings = incidentSettingsSchema.parse({});
    const changes = await planChanges(settings.planBaselineHours);
    const change = changes.find((c) => c.family.startsWith("PatternScan.findMany by ticker"))!;
    expect(change.before.summary).toContain(INDEX);
    expect(change.after.summary).not.toContain(INDEX);
    expect(change.currentCalls).toBe(60);
    expect(change.currentP95Ms! / change.baselineP95Ms!).toBeGreaterThanOrEqual(2);

    const rule = RULES.find((r) => r.id === "plan_regressed")!;
    const conditions = rule.evaluate({ now: new Date(), plans: changes } as Facts, settings)!;
    const condition = conditions.find((c) => c.subject === change.family);
    expect(condition?.summary).toContain(INDEX);
    expect(condition?.summary).toMatch(/p95 [\d.]+ ms → [\d.]+ ms/);
  });
});
