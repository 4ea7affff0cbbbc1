// Every hot query is served by the index meant for it, on realistic volumes
// (100,000 scans), never by a sequential scan of a big table.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { closeDb, pool } from "@/lib/db/client";
import { HOT_QUERIES } from "@/lib/db/queries/hot-queries";
import { getAlerts } from "@/lib/db/queries/alerts";
import { encodeCursor } from "@/lib/db/queries/cursor";
import { getRecentScans, saveScansBatch } from "@/lib/db/queries/scans";
import { findScans } from "@/lib/db/queries/scan-find";
import { getWatchlist } from "@/lib/db/queries/watchlists";
import { tickerHistory, tickerPatterns } from "@/lib/db/queries/ticker-history";
import { captureSql } from "@/test/capture-sql";
import { resetData } from "@/test/reset";
import { demoScans, demoTickers } from "@/lib/db/seed/demo-data";

let client: pg.Client;

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function plan(sql: string, params: unknown[] = []): Promise<PlanNode[]> {
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  return nodes(rows[0]["QUERY PLAN"][0].Plan);
}

beforeAll(async () => {
  client = new pg.Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  const symbols = demoTickers(600).map((t) => t.symbol);
  await resetData();
  expect(await saveScansBatch(demoScans(100_000, symbols))).toBe(100_000);
  // 500 users with 40 watchlist items and 200 alerts each; 20,000 scan runs.
  await client.query(`INSERT INTO users (email, name, role, password_hash)
    SELECT 'u' || g || '@x.test', 'User ' || g, 'trader', 'x' FROM generate_series(1, 500) g`);
  await client.query(`INSERT INTO watchlists (user_id, ticker, added_at, triggered_at)
    SELECT u, 'T' || w, now() - (random() * 90) * interval '1 day',
           CASE WHEN random() < 0.3 THEN now() - random() * interval '30 days' END
      FROM generate_series(1, 500) u, generate_series(1, 40) w`);
  await client.query(`INSERT INTO alert_logs (user_id, ticker, alert_type, channel, message, alert_sent_at)
    SELECT u, 'T' || (a % 97), (ARRAY['PIVOT_BREAKOUT','PATTERN_FOUND','PRICE_TARGET'])[1 + a % 3], 'email', 'm',
           now() - (random() * 90) * interval '1 day'
      FROM generate_series(1, 500) u, generate_series(1, 200) a`);
  await client.query(`INSERT INTO scan_logs (start_time, end_time, status, tickers_scanned, patterns_found)
    SELECT now() - g * interval '1 hour', now() - g * interval '1 hour' + interval '3 minutes', 'success', 600, 200
      FROM generate_series(1, 20000) g`);
  await client.query("ANALYZE");
}, 180_000);

afterAll(async () => {
  await client?.end();
  await closeDb();
});

const BIG_TABLES = ["pattern_scans", "watchlists", "alert_logs", "scan_logs"];

describe("hot queries on 100,000 scans", () => {
  it.each(HOT_QUERIES)("$name: served by $index", async ({ sql, params, index }) => {
    const planNodes = await plan(sql, params({ userId: 42, ticker: "AAPL" }));
    const seqScans = planNodes.filter(
      (n) => n["Node Type"] === "Seq Scan" && BIG_TABLES.includes(n["Relation Name"] ?? ""),
    );
    expect(seqScans, JSON.stringify(planNodes.map((n) => n["Node Type"]))).toEqual([]);
    const used = planNodes.map((n) => n["Index Name"]).filter(Boolean);
    expect(
      used.some((name) => [index].flat().includes(name!)),
      `used ${JSON.stringify(used)}`,
    ).toBe(true);
  });

  it("would scan the table sequentially without its index (the test can tell)", async () => {
    await client.query("BEGIN");
    try {
      await client.query("DROP INDEX ix_pattern_scans_type_scanned_at");
      const rare = HOT_QUERIES.find((q) => q.id === "scans-rare-filter")!;
      const planNodes = await plan(rare.sql, rare.params({ userId: 42, ticker: "AAPL" }));
      expect(planNodes.map((n) => n["Index Name"])).not.toContain("ix_pattern_scans_type_scanned_at");
    } finally {
      await client.query("ROLLBACK");
    }
  });
});

const sqlOf = (run: () => Promise<unknown>) =>
  captureSql(pool(), run, /FROM (?:"public"\.)?"?(pattern_scans|watchlists|alert_logs)"?(?:\s|$)/);

const monthAgo = new Date(Date.now() - 30 * 86_400_000);
const QUERY_FUNCTIONS: { name: string; run: () => Promise<unknown>; index: string | string[] }[] = [
  { name: "getRecentScans()", run: () => getRecentScans({ limit: 20 }), index: "ix_pattern_scans_scanned_at" },
  {
    name: "getRecentScans(rare pattern, high score)",
    run: () => getRecentScans({ patternType: "HIGH_TIGHT_FLAG", minScore: 9.5 }),
    index: "ix_pattern_scans_type_scanned_at",
  },
  {
    name: "getRecentScans(rare pattern, deep cursor)",
    run: () =>
      getRecentScans({ patternType: "HIGH_TIGHT_FLAG", minScore: 9.5, cursor: encodeCursor([monthAgo, 50_000]) }),
    index: "ix_pattern_scans_type_scanned_at",
  },
  {
    name: "getRecentScans(ticker)",
    run: () => getRecentScans({ ticker: "AAPL" }),
    index: "ix_pattern_scans_ticker",
  },
  { name: "getWatchlist(user)", run: () => getWatchlist({ userId: 42 }), index: "ix_watchlists_user_added_at" },
  {
    name: "getWatchlist(user, triggered)",
    run: () => getWatchlist({ userId: 42, triggered: true }),
    index: "ix_watchlists_user_triggered",
  },
  { name: "getAlerts(user)", run: () => getAlerts({ userId: 42 }), index: "ix_alert_logs_user_sent_at" },
  {
    name: "getAlerts(user, type, since, cursor)",
    run: () =>
      getAlerts({ userId: 42, alertType: "PRICE_TARGET", since: monthAgo, cursor: encodeCursor([new Date(), 90_000]) }),
    index: "ix_alert_logs_user_sent_at",
  },
  { name: "getAlerts()", run: () => getAlerts({}), index: "ix_alert_logs_alert_sent_at" },
  {
    name: "tickerHistory(ticker, 90 days)",
    run: () => tickerHistory("AAPL", "90d"),
    index: "ix_pattern_scans_ticker",
  },
  {
    name: "tickerPatterns(ticker, 1 year)",
    run: () => tickerPatterns("AAPL", "1y"),
    index: "ix_pattern_scans_ticker",
  },
  { name: "getAlerts(ticker)", run: () => getAlerts({ ticker: "T5" }), index: "ix_alert_logs_ticker_sent_at" },
  {
    name: "findScans(sort: score)",
    run: () => findScans({ sort: "score", limit: 25 }),
    index: "ix_pattern_scans_score",
  },
  {
    name: "findScans(sort: score, cursor)",
    run: () => findScans({ sort: "score", limit: 25, cursor: encodeCursor([8.5, monthAgo, 50_000]) }),
    index: "ix_pattern_scans_score",
  },
  {
    name: "getAlerts(user, ticker)",
    run: () => getAlerts({ userId: 42, ticker: "T5" }),
    index: ["ix_alert_logs_ticker_sent_at", "ix_alert_logs_user_sent_at"],
  },
];

describe("the SQL Prisma generates for the query functions", () => {
  it.each(QUERY_FUNCTIONS)("$name: served by $index", async ({ run, index }) => {
    const statements = await sqlOf(run);
    expect(statements).toHaveLength(1);
    const planNodes = await plan(statements[0].text, statements[0].values);
    expect(
      planNodes.filter((n) => n["Node Type"] === "Seq Scan" && BIG_TABLES.includes(n["Relation Name"] ?? "")),
    ).toEqual([]);
    const used = planNodes.map((n) => n["Index Name"]).filter(Boolean);
    expect(
      used.some((name) => [index].flat().includes(name!)),
      `used ${JSON.stringify(used)} for ${statements[0].text}`,
    ).toBe(true);
  });
});
