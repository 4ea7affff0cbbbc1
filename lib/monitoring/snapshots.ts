// Every 5 minutes (one instance, see lib/incidents/scheduler.ts): pg_stat_statements'
// counters for the busiest statements, each table's size and row estimate, and
// each sequence's value, kept 7 days. The statement history, the growth per
// table and the sequences' run-out dates are read from them.
import { sql, type SqlTarget } from "@/lib/db/sql";

export const SNAPSHOT_EVERY_MS = 5 * 60_000;
export const SNAPSHOT_KEEP_DAYS = 7;
/** Statements kept per snapshot, by total time: the ones worth a chart. */
const STATEMENTS_PER_SNAPSHOT = 50;

export async function statementsAvailable(db?: SqlTarget): Promise<boolean> {
  const [row] = await sql<{ ok: boolean }>(
    "Snapshots.statementsAvailable",
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS ok`,
    [],
    db,
  );
  return row.ok;
}

/** Takes one snapshot (at `at`) and removes those past the keep window. */
export async function takeSnapshots(db?: SqlTarget, at = new Date()): Promise<{ statements: boolean }> {
  const statements = await statementsAvailable(db);
  if (statements) {
    await sql(
      "StatementSnapshot.take",
      `INSERT INTO statement_snapshots (taken_at, queryid, query, calls, total_ms, rows)
       SELECT $1::timestamptz, queryid, left(min(query), 2000), sum(calls), sum(total_exec_time), sum(rows)
         FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
        GROUP BY queryid ORDER BY sum(total_exec_time) DESC LIMIT ${STATEMENTS_PER_SNAPSHOT}
       ON CONFLICT DO NOTHING`,
      [at],
      db,
    );
  }
  await sql(
    "RelationSnapshot.take",
    `INSERT INTO relation_snapshots (taken_at, kind, relation, bytes, value)
     SELECT $1::timestamptz, 'table', CASE WHEN schemaname = 'public' THEN relname ELSE schemaname || '.' || relname END,
            pg_total_relation_size(relid), n_live_tup
       FROM pg_stat_user_tables
     UNION ALL
     SELECT $1::timestamptz, 'sequence', schemaname || '.' || sequencename, 0, last_value
       FROM pg_sequences WHERE last_value IS NOT NULL AND schemaname NOT IN ('pg_catalog', 'information_schema')
     ON CONFLICT DO NOTHING`,
    [at],
    db,
  );
  const cutoff = new Date(at.getTime() - SNAPSHOT_KEEP_DAYS * 86_400_000);
  await sql("StatementSnapshot.prune", `DELETE FROM statement_snapshots WHERE taken_at < $1`, [cutoff], db);
  await sql("RelationSnapshot.prune", `DELETE FROM relation_snapshots WHERE taken_at < $1`, [cutoff], db);
  return { statements };
}

export type StatementPoint = { t: number; calls: number; totalMs: number; meanMs: number | null };
export type StatementSeries = { id: string; query: string; calls: number; totalMs: number; points: StatementPoint[] };

/**
 * Per statement, what happened between consecutive snapshots from `from` to
 * `to` (calls, total and mean time), the busiest `limit` by total time. A
 * counter that went down was reset (pg_stat_statements_reset): the new value
 * is the interval's.
 */
export async function statementHistory(from: Date, to: Date, limit = 10, db?: SqlTarget): Promise<StatementSeries[]> {
  const rows = await sql<{ id: string; query: string; t: Date; calls: number; totalMs: number }>(
    "StatementSnapshot.history",
    `SELECT id, query, t, calls, "totalMs" FROM (
       SELECT queryid::text AS id, query, taken_at AS t,
          CASE WHEN calls >= lag(calls) OVER w THEN calls - lag(calls) OVER w ELSE calls END AS calls,
          CASE WHEN total_ms >= lag(total_ms) OVER w THEN total_ms - lag(total_ms) OVER w ELSE total_ms END AS "totalMs",
          lag(calls) OVER w IS NULL AS first
         FROM statement_snapshots
        WHERE taken_at BETWEEN $1::timestamptz - interval '10 minutes' AND $2
       WINDOW w AS (PARTITION BY queryid ORDER BY taken_at)
     ) d
     WHERE NOT first AND t >= $1 ORDER BY t`,
    [from, to],
    db,
  );
  const series = new Map<string, StatementSeries>();
  for (const row of rows) {
    const entry = series.get(row.id) ?? { id: row.id, query: row.query, calls: 0, totalMs: 0, points: [] };
    entry.calls += row.calls;
    entry.totalMs += row.totalMs;
    entry.points.push({
      t: row.t.getTime(),
      calls: row.calls,
      totalMs: row.totalMs,
      meanMs: row.calls ? row.totalMs / row.calls : null,
    });
    series.set(row.id, entry);
  }
  return [...series.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, limit);
}

/** The history's time ranges (the Statements tab's picker). */
export const HISTORY_RANGES = {
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 86_400_000,
} as const;
export type HistoryRange = keyof typeof HISTORY_RANGES;

/** The history of the last `range`, with the range's ends (for the chart's axis). */
export async function recentStatementHistory(range: HistoryRange, db?: SqlTarget) {
  const to = Date.now();
  const from = to - HISTORY_RANGES[range];
  return { from, to, series: await statementHistory(new Date(from), new Date(to), 10, db) };
}

export type TableGrowth = { table: string; bytesNow: number; bytesGrowth: number; rowsGrowth: number; since: Date };

/** Each table's growth over the snapshots kept (7 days at most), largest first. */
export const tableGrowth = (db?: SqlTarget) =>
  sql<TableGrowth>(
    "RelationSnapshot.growth",
    `SELECT relation AS "table", (array_agg(bytes ORDER BY taken_at DESC))[1] AS "bytesNow",
        (array_agg(bytes ORDER BY taken_at DESC))[1] - (array_agg(bytes ORDER BY taken_at))[1] AS "bytesGrowth",
        (array_agg(value ORDER BY taken_at DESC))[1] - (array_agg(value ORDER BY taken_at))[1] AS "rowsGrowth",
        min(taken_at) AS since
       FROM relation_snapshots WHERE kind = 'table'
      GROUP BY relation ORDER BY 3 DESC, 1`,
    [],
    db,
  );
