// The benchmark's cases: each performance claim, measured side by side.
import pg from "pg";
import { serialize } from "node:v8";
import { queryCache } from "@/lib/db/cache";
import { pool, prisma, redis } from "@/lib/db/client";
import { getAlerts } from "@/lib/db/queries/alerts";
import { copyScans } from "@/lib/db/queries/scan-copy";
import { validateScans, type ValidScan } from "@/lib/db/queries/scan-input";
import { getRecentScans, insertScans } from "@/lib/db/queries/scans";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getWatchlist } from "@/lib/db/queries/watchlists";
import { demoScans } from "@/lib/db/seed/demo-data";
import { captureSql, type CapturedSql } from "@/test/capture-sql";
import { runCase, type CaseResult, type Variant } from "./measure";
import { withoutCache, withoutNearCache } from "./without-cache";

const BENCH_USER = 42;

/** The SQL the app sends for `run` (cache bypassed so that it reaches Postgres). */
async function sqlOf(run: () => Promise<unknown>, table: string): Promise<CapturedSql> {
  const [statement] = await withoutCache(() =>
    captureSql(pool(), run, new RegExp(`FROM (?:"public"\\.)?"?${table}"?(?:\\s|$)`)),
  );
  return statement;
}

/**
 * indexed vs SELECT 1, interleaved; then no_index: the same SQL inside one
 * transaction that dropped the table's secondary indexes, rolled back after.
 * (Interleaving the DROP would make every indexed run re-plan from a cold
 * catalog cache, which is not what the app sees.)
 */
async function indexCase(
  client: pg.Client,
  name: string,
  table: string,
  run: () => Promise<unknown>,
  runs: number,
): Promise<CaseResult> {
  const sql = await sqlOf(run, table);
  const { rows } = await client.query<{ indexname: string }>(
    `SELECT indexname FROM pg_indexes WHERE tablename = $1 AND indexname NOT LIKE '%_pkey'`,
    [table],
  );
  const query = () => client.query({ text: sql.text, values: sql.values });
  const fast = await runCase(
    name,
    { indexed: { run: query }, select_1: { run: () => client.query("SELECT 1") } },
    { runs: runs * 10, warmup: 5 },
  );
  await client.query("BEGIN");
  try {
    for (const r of rows) await client.query(`DROP INDEX "${r.indexname}"`);
    const slow = await runCase(name, { no_index: { run: query } }, { runs });
    return { name, variants: { ...slow.variants, ...fast.variants } };
  } finally {
    await client.query("ROLLBACK");
  }
}

export async function readCases(databaseUrl: string): Promise<CaseResult[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "bench" });
  await client.connect();
  try {
    return [
      await indexCase(
        client,
        "recent_scans",
        "pattern_scans",
        () => getRecentScans({ limit: 20, patternType: "VCP", minScore: 7 }),
        15,
      ),
      await indexCase(client, "watchlist_load", "watchlists", () => getWatchlist({ userId: BENCH_USER }), 15),
      await indexCase(client, "alert_history", "alert_logs", () => getAlerts({ userId: BENCH_USER }), 15),
    ];
  } finally {
    await client.end();
  }
}

/**
 * db (the query, cache bypassed) vs a near-cache hit vs a Redis hit vs a raw
 * Redis GET of the same payload. Variants take turns in bursts of 10: a hot
 * cache answers runs of hits, and a single hit timed right after a Prisma
 * query measures the CPU's caches refilling (a near hit: ~6 µs in a run,
 * ~22 µs straight after a query), not the hit.
 */
export async function cachedQueryCase(): Promise<CaseResult> {
  const params = { limit: 20, patternType: "VCP", minScore: 7 };
  const payload = serialize(await getRecentScans(params));
  const rawKey = `${queryCache().key({ name: "bench-raw", params: {} })}`;
  await redis().set(rawKey, payload, "EX", 600);
  await getRecentScans(params); // now cached
  const db: Variant = { run: () => withoutCache(() => getRecentScans(params)) };
  return runCase(
    "cached_query",
    {
      db,
      near_hit: { run: () => getRecentScans(params) },
      redis_hit: { run: () => withoutNearCache(() => getRecentScans(params)) },
      redis_get: { run: () => redis().getBuffer(rawKey) },
    },
    { runs: 200, warmup: 10, burst: 10 },
  );
}

/** A new connection per query (no pool) vs a pooled one. */
export async function connectionCase(databaseUrl: string): Promise<CaseResult> {
  const fresh = async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query("SELECT 1");
    await client.end();
  };
  return runCase(
    "connection",
    { new_connection: { run: fresh }, pooled: { run: () => pool().query("SELECT 1") } },
    { runs: 50, warmup: 3 },
  );
}

/** Bulk inserts into the 1M-row table; each run's rows are deleted (untimed) after it. */
type InsertVariant = "one_by_one" | "batch" | "copy" | "prisma_create_many";

export async function insertCase(rows: number, variants: InsertVariant[], runs: number): Promise<CaseResult> {
  const { rows: symbols } = await pool().query<{ symbol: string }>("SELECT symbol FROM tickers");
  let seed = 1000;
  let batch: ValidScan[] = [];
  let maxId = 0;
  const prepare = async () => {
    batch = validateScans(
      demoScans(
        rows,
        symbols.map((s) => s.symbol),
        { seed: seed++, days: 1 },
      ),
    );
    maxId = (await pool().query<{ max: number }>("SELECT max(id) AS max FROM pattern_scans")).rows[0].max;
  };
  const cleanup = () => pool().query("DELETE FROM pattern_scans WHERE id > $1", [maxId]);
  const all: Record<string, Variant> = {
    // The "before" of the claim: one INSERT (and one implicit transaction) per scan.
    one_by_one: {
      before: prepare,
      run: async () => {
        for (const scan of batch) {
          await prisma().patternScan.create({
            data: { ...scan, details: scan.details ?? undefined } as never,
            select: { id: true },
          });
        }
      },
      after: cleanup,
    },
    batch: { before: prepare, run: () => insertScans(batch), after: cleanup },
    copy: { before: prepare, run: () => copyScans(batch), after: cleanup },
    // For comparison: Prisma's own batch insert (what this app used first).
    prisma_create_many: {
      before: prepare,
      run: () =>
        prisma().$transaction(
          (tx) => tx.patternScan.createMany({ data: batch as Prisma.PatternScanCreateManyInput[] }),
          { timeout: 600_000 },
        ),
      after: cleanup,
    },
  };
  return runCase(`bulk_insert_${rows}`, Object.fromEntries(variants.map((v) => [v, all[v]])), {
    runs,
    warmup: rows < 10_000 ? 1 : 0,
  });
}
