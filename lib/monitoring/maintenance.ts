// Vacuum and bloat: per table, the share of dead rows and when (auto)vacuum and
// (auto)analyze last ran; vacuums running now; and an estimate of the space a
// table or an index wastes, with the statement that would win it back.
import { qualified } from "@/lib/db/identifiers";
import { sql, type SqlTarget } from "@/lib/db/sql";

/** From this share of dead rows (and this many), a table is worth a VACUUM by hand. */
export const DEAD_SHARE_TO_VACUUM = 0.1;
const MIN_DEAD_ROWS = 1_000;

export type TableMaintenance = {
  table: string;
  liveRows: number;
  deadRows: number;
  deadShare: number;
  tableBytes: number;
  /** Estimated bytes held by dead rows: the table's size times their share. */
  wastedBytes: number;
  lastVacuum: Date | null;
  lastAutovacuum: Date | null;
  lastAnalyze: Date | null;
  lastAutoanalyze: Date | null;
  /** What would win the space back (null when nothing needs doing). */
  fix: string | null;
};

export async function tableMaintenance(db?: SqlTarget): Promise<TableMaintenance[]> {
  const rows = await sql<Omit<TableMaintenance, "deadShare" | "wastedBytes" | "fix"> & { schema: string }>(
    "Maintenance.tables",
    `SELECT schemaname AS schema, relname AS "table", n_live_tup::float8 AS "liveRows", n_dead_tup::float8 AS "deadRows",
        pg_relation_size(relid)::float8 AS "tableBytes",
        last_vacuum AS "lastVacuum", last_autovacuum AS "lastAutovacuum",
        last_analyze AS "lastAnalyze", last_autoanalyze AS "lastAutoanalyze"
       FROM pg_stat_user_tables ORDER BY n_dead_tup DESC, relname`,
    [],
    db,
  );
  return rows.map(({ schema, ...row }) => {
    const total = row.liveRows + row.deadRows;
    const deadShare = total ? row.deadRows / total : 0;
    const needsVacuum = deadShare >= DEAD_SHARE_TO_VACUUM && row.deadRows >= MIN_DEAD_ROWS;
    return {
      ...row,
      table: schema === "public" ? row.table : `${schema}.${row.table}`,
      deadShare,
      wastedBytes: Math.round(row.tableBytes * deadShare),
      fix: needsVacuum
        ? deadShare >= 0.5
          ? `VACUUM (ANALYZE) ${qualified(schema, row.table)}; -- then, off-hours: VACUUM FULL (locks the table) or pg_repack`
          : `VACUUM (ANALYZE) ${qualified(schema, row.table)};`
        : null,
    };
  });
}

export type VacuumProgress = {
  pid: number;
  table: string;
  phase: string;
  scannedShare: number | null;
  durationMs: number | null;
};

export const vacuumProgress = (db?: SqlTarget) =>
  sql<VacuumProgress>(
    "Maintenance.vacuumProgress",
    `SELECT p.pid, p.relid::regclass::text AS "table", p.phase,
        CASE WHEN p.heap_blks_total > 0 THEN p.heap_blks_scanned::float8 / p.heap_blks_total END AS "scannedShare",
        round(extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::float8 AS "durationMs"
       FROM pg_stat_progress_vacuum p LEFT JOIN pg_stat_activity a ON a.pid = p.pid
      WHERE p.datname = current_database()`,
    [],
    db,
  );

export type IndexBloat = { table: string; index: string; indexBytes: number; wastedBytes: number; fix: string };

/**
 * B-tree indexes larger than their rows need: the expected size is the row
 * estimate times each entry's width (the columns' average widths from
 * pg_stats, plus an 8-byte tuple header and a 4-byte line pointer) at the
 * default 90% fill. An estimate, like PgHero's; it needs ANALYZE to have run.
 */
export async function indexBloat(db?: SqlTarget, minWastedBytes = 1024 * 1024): Promise<IndexBloat[]> {
  const rows = await sql<{ schema: string; table: string; index: string; indexBytes: number; expectedBytes: number }>(
    "Maintenance.indexBloat",
    `SELECT n.nspname AS schema, t.relname AS "table", c.relname AS index, pg_relation_size(c.oid)::float8 AS "indexBytes",
        (c.reltuples * (12 + sum(coalesce(s.avg_width, 8))) / 0.9 + 8192)::float8 AS "expectedBytes"
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_am am ON am.oid = c.relam AND am.amname = 'btree'
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (i.indkey)
       LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = t.relname AND s.attname = a.attname
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        AND c.reltuples >= 0 AND i.indexprs IS NULL
      GROUP BY n.nspname, t.relname, c.relname, c.oid, c.reltuples`,
    [],
    db,
  );
  return rows
    .map((row) => ({
      table: row.schema === "public" ? row.table : `${row.schema}.${row.table}`,
      index: row.index,
      indexBytes: row.indexBytes,
      wastedBytes: Math.max(0, Math.round(row.indexBytes - row.expectedBytes)),
      fix: `REINDEX INDEX CONCURRENTLY ${qualified(row.schema, row.index)};`,
    }))
    .filter((row) => row.wastedBytes >= minWastedBytes)
    .sort((a, b) => b.wastedBytes - a.wastedBytes);
}
