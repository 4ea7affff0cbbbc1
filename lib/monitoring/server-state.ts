// What the server is doing and how it is set, read for the incident rules
// (and reusable by any check): sessions that run long, wait on a lock or sit
// idle in a transaction; autovacuum and analyze; connections against
// max_connections; replication slots. One statement each, on the pool.
import { sql, type SqlTarget } from "@/lib/db/sql";

/** This app's own operations (the lock, pg_dump and psql, restores, migrations): long by nature, never flagged. */
export const OPERATION_APPLICATIONS = "^legendai-(ops|backup|restore|migrate|verify|baseline|seed)";

export type SessionState = {
  pid: number;
  application: string;
  state: string;
  /** Waiting for a lock now. */
  waitingOnLock: boolean;
  /** How long its statement has run (for a blocked one: about how long it has waited). */
  queryMs: number | null;
  /** How long it has been in its current state (idle in transaction: idle that long). */
  stateMs: number | null;
  blockedBy: number[];
  query: string;
};

/** Client sessions of this database other than this one and this app's operations. */
export const sessionStates = (db?: SqlTarget) =>
  sql<SessionState>(
    "ServerState.sessions",
    `SELECT pid, coalesce(nullif(application_name, ''), '(none)') AS application, coalesce(state, 'unknown') AS state,
            wait_event_type = 'Lock' AS "waitingOnLock",
            round(extract(epoch FROM clock_timestamp() - query_start) * 1000)::float8 AS "queryMs",
            round(extract(epoch FROM clock_timestamp() - state_change) * 1000)::float8 AS "stateMs",
            pg_blocking_pids(pid) AS "blockedBy", left(query, 200) AS query
       FROM pg_stat_activity
      WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
        AND coalesce(application_name, '') !~ $1`,
    [OPERATION_APPLICATIONS],
    db,
  );

export type AutovacuumState = { serverOn: boolean; trackCounts: boolean; tablesOff: string[] };

export async function autovacuumState(db?: SqlTarget): Promise<AutovacuumState> {
  const [row] = await sql<AutovacuumState>(
    "ServerState.autovacuum",
    `SELECT current_setting('autovacuum') = 'on' AS "serverOn", current_setting('track_counts') = 'on' AS "trackCounts",
            coalesce((SELECT array_agg(CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END ORDER BY 1)
                        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relkind IN ('r', 'm') AND c.reloptions @> ARRAY['autovacuum_enabled=false']
                         AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'),
                     '{}') AS "tablesOff"`,
    [],
    db,
  );
  return row;
}

export type TableAnalysis = {
  table: string;
  rows: number;
  changedSinceAnalyze: number;
  lastAnalyzedAt: Date | null;
};

/** Each user table's row estimate, changes since its last analyze, and when that was (manual or auto). */
export const tableAnalysis = (db?: SqlTarget) =>
  sql<TableAnalysis>(
    "ServerState.analysis",
    `SELECT CASE WHEN schemaname = 'public' THEN relname ELSE schemaname || '.' || relname END AS "table",
            greatest(n_live_tup, 0)::float8 AS rows, n_mod_since_analyze::float8 AS "changedSinceAnalyze",
            greatest(last_analyze, last_autoanalyze) AS "lastAnalyzedAt"
       FROM pg_stat_user_tables ORDER BY 1`,
    [],
    db,
  );

export type ConnectionUse = { used: number; max: number; reserved: number };

/** Connections to the whole server against what ordinary roles may open. */
export async function connectionUse(db?: SqlTarget): Promise<ConnectionUse> {
  const [row] = await sql<ConnectionUse>(
    "ServerState.connections",
    `SELECT (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') AS used,
            current_setting('max_connections')::int AS max,
            current_setting('superuser_reserved_connections')::int AS reserved`,
    [],
    db,
  );
  return row;
}

export type SlotState = { name: string; type: string; active: boolean; retainedBytes: number | null };

/** Replication slots and the WAL each keeps from being recycled (none on a standby, where it cannot be told). */
export const slotStates = (db?: SqlTarget) =>
  sql<SlotState>(
    "ServerState.slots",
    `SELECT slot_name AS name, slot_type AS type, active,
            CASE WHEN pg_is_in_recovery() OR restart_lsn IS NULL THEN NULL
                 ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::float8 END AS "retainedBytes"
       FROM pg_replication_slots ORDER BY slot_name`,
    [],
    db,
  );
