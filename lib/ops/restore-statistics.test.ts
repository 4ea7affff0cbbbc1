// A restore leaves the planner informed: it ends with ANALYZE of what it
// restored, inside its own transaction, so the data and its statistics appear
// together, and the hot queries are planned after a restore as they were before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { HOT_QUERIES } from "@/lib/db/queries/hot-queries";
import { startBackup } from "@/lib/ops/backup";
import { startRestore } from "@/lib/ops/restore";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";

type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };
const shape = (node: PlanNode): string[] => [
  `${node["Node Type"]}${node["Index Name"] ? ` ${node["Index Name"]}` : ""}`,
  ...(node.Plans ?? []).flatMap(shape),
];

let fx: OpsFixture;

/** Each hot query's plan: node types and the indexes they use. */
async function plans(): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const hot of HOT_QUERIES) {
    const [row] = await query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      fx.url,
      `EXPLAIN (FORMAT JSON) ${hot.sql}`,
      hot.params({ userId: 3, ticker: "T1" }),
    );
    result[hot.id] = shape(row["QUERY PLAN"][0].Plan);
  }
  return result;
}

const analyzedTables = async () =>
  (
    await query<{ table: string }>(
      fx.url,
      `SELECT DISTINCT tablename AS "table" FROM pg_stats WHERE schemaname = 'public' ORDER BY 1`,
    )
  ).map((r) => r.table);

beforeAll(async () => {
  fx = await opsFixture("statistics", { scans: 30_000 });
  await query(fx.url, "ANALYZE");
});
afterAll(async () => {
  await fx.cleanup();
  await closeDb();
});

describe("after a restore", () => {
  it("every restored table has planner statistics, and the hot queries keep their plans", async () => {
    const tablesBefore = await analyzedTables();
    const plansBefore = await plans();
    expect(tablesBefore).toEqual(expect.arrayContaining(["pattern_scans", "watchlists", "alert_logs", "users"]));
    await (
      await fx.run(() => startBackup({ actor: "test" }))
    ).done;
    const restored = await (await fx.run(() => startRestore({ kind: "latest" }, "test"))).done;
    expect(restored.differences).toEqual([]);
    expect(await analyzedTables()).toEqual(tablesBefore);
    const [{ never }] = await query<{ never: number }>(
      fx.url,
      `SELECT count(*)::int AS never FROM pg_stat_user_tables
        WHERE n_live_tup > 0 AND last_analyze IS NULL AND last_autoanalyze IS NULL`,
    );
    expect(never).toBe(0);
    expect(await plans()).toEqual(plansBefore);
  });
});
