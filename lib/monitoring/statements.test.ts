// Statement history and the index advisor need pg_stat_statements, which needs
// shared_preload_libraries: a private cluster started for this file, with
// hypopg (Debian's postgresql-15-hypopg) for the hypothetical indexes.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrations/runner";
import { adviseIndexes, candidates, filteredColumns, tableOf } from "@/lib/monitoring/index-advisor";
import { statementHistory, tableGrowth, takeSnapshots } from "@/lib/monitoring/snapshots";
import { startPrivatePostgres, type PrivatePostgres } from "@/test/private-cluster";

let server: PrivatePostgres;
let client: pg.Client;
const TICKER_QUERY = `SELECT id, score FROM pattern_scans WHERE ticker = $1 ORDER BY scanned_at DESC LIMIT 20`;

beforeAll(async () => {
  server = await startPrivatePostgres({ shared_preload_libraries: "pg_stat_statements" });
  const url = server.url("legendai");
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE legendai");
  await admin.end();
  await migrate({ connectionString: url });
  client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("CREATE EXTENSION pg_stat_statements");
  // Without the ticker index, one ticker's newest scans mean reading the whole table.
  await client.query("DROP INDEX ix_pattern_scans_ticker");
  await client.query(
    `INSERT INTO pattern_scans (ticker, pattern_type, score, scanned_at)
     SELECT 'T' || (g % 500), 'VCP', g % 10, now() - g * interval '1 minute' FROM generate_series(1, 100000) g`,
  );
  await client.query("ANALYZE pattern_scans");
}, 120_000);

afterAll(async () => {
  await client?.end();
  server?.destroy();
});

describe("statement history", () => {
  it("charts what happened between snapshots: calls and time per statement", async () => {
    // A statement's first snapshot is its baseline: the history starts at its second.
    await client.query(TICKER_QUERY, ["T999"]);
    const t0 = new Date(Date.now() - 10 * 60_000);
    await takeSnapshots(client, t0);
    for (let i = 0; i < 7; i++) await client.query(TICKER_QUERY, [`T${i}`]);
    const t1 = new Date(Date.now() - 5 * 60_000);
    await takeSnapshots(client, t1);
    const history = await statementHistory(new Date(t0.getTime() - 1), new Date(), 50, client);
    const ticker = history.find((s) => s.query.includes("WHERE ticker = $1"))!;
    expect(ticker.calls).toBe(7);
    expect(ticker.points).toHaveLength(1);
    expect(ticker.points[0]).toMatchObject({ t: t1.getTime(), calls: 7 });
    expect(ticker.points[0].meanMs).toBeCloseTo(ticker.totalMs / 7, 6);

    const growth = await tableGrowth(client);
    expect(growth.find((g) => g.table === "pattern_scans")).toMatchObject({ since: t0 });
  });

  it("keeps 7 days: a snapshot older than that is removed by the next one", async () => {
    const old = new Date(Date.now() - 8 * 86_400_000);
    await client.query(
      `INSERT INTO relation_snapshots (taken_at, kind, relation, bytes, value) VALUES ($1, 'table', 'x', 1, 1)`,
      [old],
    );
    await takeSnapshots(client);
    const { rows } = await client.query(`SELECT 1 FROM relation_snapshots WHERE taken_at = $1`, [old]);
    expect(rows).toHaveLength(0);
  });
});

describe("index advisor", () => {
  it("reads a statement's table and the columns it filters and sorts by", () => {
    expect(tableOf(TICKER_QUERY)).toBe("pattern_scans");
    expect(tableOf(`SELECT * FROM a JOIN b ON a.id = b.id`)).toBeNull();
    expect(filteredColumns(TICKER_QUERY, ["id", "ticker", "score", "scanned_at"])).toEqual(["ticker", "scanned_at"]);
    expect(candidates(["ticker", "scanned_at"])).toEqual([
      ["ticker"],
      ["scanned_at"],
      ["ticker", "scanned_at"],
      ["scanned_at", "ticker"],
    ]);
  });

  it("says how to enable hypopg when it is missing", async () => {
    expect(await adviseIndexes(client)).toEqual({
      available: false,
      reason: "the hypopg extension is not installed in this database",
    });
  });

  it("suggests the index a slow statement lacks, with the planner's cost before and after, as a migration", async () => {
    await client.query("CREATE EXTENSION hypopg");
    const report = await adviseIndexes(client);
    if (!report.available) throw new Error(report.reason);
    const suggestion = report.suggestions.find((s) => s.query.includes("WHERE ticker = $1"))!;
    expect(suggestion).toMatchObject({
      source: "pg_stat_statements",
      table: "pattern_scans",
      columns: ["ticker", "scanned_at"],
      up: 'CREATE INDEX CONCURRENTLY "ix_pattern_scans_ticker_scanned_at" ON "pattern_scans" ("ticker", "scanned_at");',
      down: 'DROP INDEX CONCURRENTLY IF EXISTS "ix_pattern_scans_ticker_scanned_at";',
    });
    expect(suggestion.costAfter).toBeLessThan(suggestion.costBefore / 3);
    // Nothing was built, and the session is left as it was.
    const { rows } = await client.query(
      `SELECT 1 FROM pg_indexes WHERE tablename = 'pattern_scans' AND indexdef LIKE '%(ticker%'`,
    );
    expect(rows).toHaveLength(0);
    expect((await client.query("SHOW plan_cache_mode")).rows[0].plan_cache_mode).toBe("auto");
  });
});
