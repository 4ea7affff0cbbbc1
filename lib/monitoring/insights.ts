// What PgHero shows, for our database: index usage, sizes, cache hit ratio,
// connections, slow statements, and EXPLAIN ANALYZE of the hot queries. The
// readings are cached for 30 s so that watching them does not load the database.
import { cached } from "@/lib/db/cache";
import { withPoolClient } from "@/lib/db/pg-client";
import { HOT_QUERIES, hotQuerySample } from "@/lib/db/queries/hot-queries";
import { sql } from "@/lib/db/sql";
const insight = <T>(name: string, run: () => Promise<T>) =>
  cached({ name: `insights:${name}`, params: {}, kind: "insights", tags: ["insights"] }, run);

export type IndexUsage = {
  table: string;
  index: string;
  scans: number;
  sizeBytes: number;
  unique: boolean;
  primary: boolean;
};

export const indexUsage = () =>
  insight("indexes", () =>
    sql<IndexUsage>(
      "Insights.indexUsage",
      `SELECT s.relname AS "table", s.indexrelname AS "index", s.idx_scan::float8 AS scans,
        pg_relation_size(s.indexrelid)::float8 AS "sizeBytes", i.indisunique AS "unique", i.indisprimary AS "primary"
      FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
      ORDER BY s.relname, s.idx_scan DESC`,
    ),
  );

export type TableSize = {
  table: string;
  /** Counted for tables under 8 MB; else the planner's estimate (pg_class.reltuples, -1 before the first ANALYZE). */
  rows: number;
  rowsCounted: boolean;
  totalBytes: number;
  tableBytes: number;
  indexBytes: number;
  seqScans: number;
  indexScans: number;
};

/** Tables smaller than this are counted exactly for the Statistics tab (a few milliseconds each). */
const EXACT_COUNT_BYTES = 8 * 1024 * 1024;

export const tableSizes = () =>
  insight("tables", () =>
    sql<TableSize>(
      "Insights.tableSizes",
      // n_live_tup drifts from the truth after bulk loads; small tables are counted, big ones use the planner's estimate.
      `SELECT s.relname AS "table",
        CASE WHEN pg_relation_size(s.relid) < ${EXACT_COUNT_BYTES}
          THEN (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', s.schemaname, s.relname), false, true, '')))[1]::text::float8
          ELSE c.reltuples::float8 END AS rows,
        pg_relation_size(s.relid) < ${EXACT_COUNT_BYTES} AS "rowsCounted",
        pg_total_relation_size(s.relid)::float8 AS "totalBytes",
        pg_relation_size(s.relid)::float8 AS "tableBytes", pg_indexes_size(s.relid)::float8 AS "indexBytes",
        s.seq_scan::float8 AS "seqScans", coalesce(s.idx_scan, 0)::float8 AS "indexScans"
      FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid ORDER BY pg_total_relation_size(s.relid) DESC`,
    ),
  );

export const cacheHitRatio = () =>
  insight("cache-hit", async () => {
    const [row] = await sql<{ tables: number | null; indexes: number | null }>(
      "Insights.cacheHitRatio",
      `SELECT
        sum(heap_blks_hit)::float8 / nullif(sum(heap_blks_hit + heap_blks_read), 0) AS tables,
        sum(idx_blks_hit)::float8 / nullif(sum(idx_blks_hit + idx_blks_read), 0) AS indexes
      FROM pg_statio_user_tables`,
    );
    return row;
  });

export const connectionsByState = () =>
  insight("connections", () =>
    sql<{ state: string; application: string; count: number }>(
      "Insights.connections",
      `SELECT coalesce(state, 'background') AS state,
        coalesce(nullif(application_name, ''), '(none)') AS application, count(*)::int AS count
      FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1, 2 ORDER BY 3 DESC`,
    ),
  );

export type SlowQueries =
  | { enabled: true; rows: { query: string; calls: number; meanMs: number; totalMs: number; rows: number }[] }
  | { enabled: false; reason: string };

export const slowQueries = () =>
  insight("statements", async (): Promise<SlowQueries> => {
    const [extension] = await sql(
      "Insights.statementsInstalled",
      `SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`,
    );
    if (!extension)
      return { enabled: false, reason: "the pg_stat_statements extension is not installed in this database" };
    try {
      const rows = await sql<{
        query: string;
        calls: number;
        meanMs: number;
        totalMs: number;
        rows: number;
      }>(
        "Insights.slowStatements",
        `SELECT query,
          calls::float8 AS calls, mean_exec_time AS "meanMs", total_exec_time AS "totalMs", rows::float8 AS rows
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY mean_exec_time DESC LIMIT 15`,
      );
      return { enabled: true, rows };
    } catch (error) {
      return { enabled: false, reason: (error as Error).message };
    }
  });

/** EXPLAIN ANALYZE of one hot query, in a rolled-back transaction with a time limit. */
export async function explainHotQuery(
  id: string,
): Promise<{ name: string; sql: string; plan: string; usesExpectedIndex: boolean }> {
  const hot = HOT_QUERIES.find((q) => q.id === id);
  if (!hot) throw new Error(`unknown hot query "${id}"`);
  return withPoolClient(async (client) => {
    await sql("Insights.explain", "BEGIN READ ONLY", [], client);
    try {
      await sql("Insights.explain", "SET LOCAL statement_timeout = '10s'", [], client);
      const params = hot.params(await hotQuerySample(client));
      const rows = await sql<{ "QUERY PLAN": string }>(
        "Insights.explain",
        `EXPLAIN (ANALYZE, BUFFERS) ${hot.sql}`,
        params,
        client,
      );
      const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      return {
        name: hot.name,
        sql: hot.sql,
        plan,
        usesExpectedIndex: [hot.index].flat().some((index) => plan.includes(index)),
      };
    } finally {
      await sql("Insights.explain", "ROLLBACK", [], client);
    }
  });
}
