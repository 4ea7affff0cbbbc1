// What check_postgres checks that the incident rules do not: triggers left
// disabled, prepared transactions left behind, WAL waiting for the archiver,
// time since the last checkpoint, the commit ratio, the cache hit ratio;
// and the slower-moving health of the schema: dead rows, unused indexes.
// Each reads the catalog or a statistics view once.
import { sql, type SqlTarget } from "@/lib/db/sql";
import type { IncidentSettings } from "@/lib/incidents/settings";
import { tableMaintenance } from "@/lib/monitoring/maintenance";
import { findingsOf, notChecked, PG_DOCS, type CheckFinding } from "./check";

const percent = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;

async function disabledTriggers(db?: SqlTarget): Promise<CheckFinding[]> {
  const check = { id: "disabled_trigger", title: "A trigger is disabled", docs: `${PG_DOCS}sql-altertable.html` };
  const rows = await sql<{ trigger: string; table: string }>(
    "Checklist.disabledTriggers",
    `SELECT t.tgname AS trigger, t.tgrelid::regclass::text AS "table" FROM pg_trigger t
      WHERE NOT t.tgisinternal AND t.tgenabled = 'D' ORDER BY 2, 1`,
    [],
    db,
  );
  return findingsOf(
    check,
    rows.map((r) => ({
      status: "warning",
      subject: `${r.table}.${r.trigger}`,
      summary: `trigger ${r.trigger} on ${r.table} is disabled: what it enforces is not enforced`,
      fix: `ALTER TABLE ${r.table} ENABLE TRIGGER ${r.trigger};`,
    })),
    "no disabled trigger",
  );
}

async function preparedTransactions(s: IncidentSettings, now: Date, db?: SqlTarget): Promise<CheckFinding[]> {
  const check = {
    id: "prepared_transaction",
    title: "A prepared transaction is orphaned",
    docs: `${PG_DOCS}sql-prepare-transaction.html`,
  };
  const rows = await sql<{ gid: string; minutes: number; owner: string }>(
    "Checklist.preparedTransactions",
    `SELECT gid, extract(epoch FROM $2::timestamptz - prepared)::float8 / 60 AS minutes, owner FROM pg_prepared_xacts
      WHERE database = current_database() AND prepared < $2::timestamptz - make_interval(mins => $1) ORDER BY prepared`,
    [s.preparedMaxMinutes, now],
    db,
  );
  return findingsOf(
    check,
    rows.map((r) => ({
      status: "problem",
      subject: r.gid,
      summary: `prepared transaction '${r.gid}' (${r.owner}) has waited ${Math.round(r.minutes)} min (limit ${s.preparedMaxMinutes}): it holds its locks and stops vacuum`,
      fix: `COMMIT PREPARED '${r.gid}'; or ROLLBACK PREPARED '${r.gid}';`,
    })),
    `no prepared transaction older than ${s.preparedMaxMinutes} min`,
  );
}

async function archiving(s: IncidentSettings, db?: SqlTarget): Promise<CheckFinding[]> {
  const check = {
    id: "wal_archiving",
    title: "WAL is piling up for the archiver",
    docs: `${PG_DOCS}continuous-archiving.html`,
  };
  const [mode] = await sql<{ mode: string; failed: number; lastFailed: Date | null }>(
    "Checklist.archiver",
    `SELECT current_setting('archive_mode') AS mode, failed_count::float8 AS failed, last_failed_time AS "lastFailed"
       FROM pg_stat_archiver`,
    [],
    db,
  );
  if (mode.mode === "off") return findingsOf(check, [], "archive_mode is off: nothing waits for an archiver");
  const ready = await sql<{ count: number }>(
    "Checklist.walReady",
    `SELECT count(*)::int AS count FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'`,
    [],
    db,
  ).catch((e: Error) => e);
  if (ready instanceof Error)
    return [notChecked(check, `the archive status folder cannot be read (${ready.message}): grant pg_monitor`)];
  const waiting = ready[0].count;
  return findingsOf(
    check,
    waiting > s.walReadyMaxSegments
      ? [
          {
            status: "problem",
            subject: "archive_command",
            summary: `${waiting} WAL segments wait for the archiver (limit ${s.walReadyMaxSegments})${mode.lastFailed ? `; last failure ${mode.lastFailed.toISOString()}` : ""}`,
            fix: "See why archive_command fails (the server log; npm run pitr:status); pg_wal fills until it works.",
          },
        ]
      : [],
    `${waiting} WAL segment(s) waiting for the archiver (limit ${s.walReadyMaxSegments})`,
  );
}

async function lastCheckpoint(now: Date, db?: SqlTarget): Promise<CheckFinding[]> {
  const check = {
    id: "checkpoint_age",
    title: "No checkpoint for a long time",
    docs: `${PG_DOCS}wal-configuration.html`,
  };
  const rows = await sql<{ seconds: number; timeout: number; walSince: number }>(
    "Checklist.checkpoint",
    `SELECT extract(epoch FROM $1::timestamptz - checkpoint_time)::float8 AS seconds,
            extract(epoch FROM current_setting('checkpoint_timeout')::interval)::float8 AS timeout,
            pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::float8 AS "walSince"
       FROM pg_control_checkpoint()`,
    [now],
    db,
  ).catch((e: Error) => e);
  if (rows instanceof Error) return [notChecked(check, rows.message)];
  const [r] = rows;
  // An idle server skips checkpoints: only a long gap with WAL written since counts.
  const late = r.seconds > 4 * r.timeout && r.walSince > 16 * 1024 * 1024;
  return findingsOf(
    check,
    late
      ? [
          {
            status: "warning",
            subject: "checkpoint_timeout",
            summary: `the last checkpoint was ${Math.round(r.seconds / 60)} min ago (checkpoint_timeout ${Math.round(r.timeout / 60)} min) with ${Math.round(r.walSince / 1048576)} MB of WAL since: crash recovery will replay all of it`,
            fix: "See the server log for checkpoints that fail or take too long; CHECKPOINT runs one now.",
          },
        ]
      : [],
    `last checkpoint ${Math.round(r.seconds / 60)} min ago (checkpoint_timeout ${Math.round(r.timeout / 60)} min)`,
  );
}

async function ratios(s: IncidentSettings, db?: SqlTarget): Promise<CheckFinding[]> {
  const [r] = await sql<{ commits: number; rollbacks: number; hits: number; reads: number }>(
    "Checklist.ratios",
    `SELECT xact_commit::float8 AS commits, xact_rollback::float8 AS rollbacks, blks_hit::float8 AS hits, blks_read::float8 AS reads
       FROM pg_stat_database WHERE datname = current_database()`,
    [],
    db,
  );
  const commit = {
    id: "commit_ratio",
    title: "Many transactions roll back",
    docs: `${PG_DOCS}monitoring-stats.html#MONITORING-PG-STAT-DATABASE-VIEW`,
  };
  const cache = {
    id: "cache_hit_ratio",
    title: "Reads miss the buffer cache",
    docs: `${PG_DOCS}runtime-config-resource.html#GUC-SHARED-BUFFERS`,
  };
  const transactions = r.commits + r.rollbacks;
  const commitRatio = transactions ? r.commits / transactions : 1;
  const hitRatio = r.hits + r.reads ? r.hits / (r.hits + r.reads) : 1;
  return [
    ...findingsOf(
      commit,
      transactions >= 1_000 && commitRatio * 100 < s.commitMinPercent
        ? [
            {
              status: "warning",
              subject: "",
              summary: `${percent(commitRatio)} of ${transactions.toLocaleString("en-US")} transactions committed (limit ${s.commitMinPercent}%)`,
              fix: "Find the failing statements in the server log (log_min_error_statement) or in the app's errors.",
            },
          ]
        : [],
      `${percent(commitRatio)} of transactions committed (limit ${s.commitMinPercent}%)`,
    ),
    ...findingsOf(
      cache,
      r.hits + r.reads >= 10_000 && hitRatio * 100 < s.cacheHitMinPercent
        ? [
            {
              status: "warning",
              subject: "shared_buffers",
              summary: `${percent(hitRatio)} of block reads found in the cache (limit ${s.cacheHitMinPercent}%)`,
              fix: "Raise shared_buffers (about a quarter of memory) or add memory; check for sequential scans of big tables (Insights → Statistics).",
            },
          ]
        : [],
      `${percent(hitRatio)} of block reads found in the cache`,
    ),
  ];
}

async function deadRows(db?: SqlTarget): Promise<CheckFinding[]> {
  const check = { id: "dead_rows", title: "A table holds many dead rows", docs: `${PG_DOCS}routine-vacuuming.html` };
  const tables = (await tableMaintenance(db)).filter((t) => t.fix);
  return findingsOf(
    check,
    tables.map((t) => ({
      status: "warning",
      subject: t.table,
      summary: `${t.table}: ${percent(t.deadShare)} of its rows are dead (${t.deadRows.toLocaleString("en-US")})`,
      fix: t.fix!,
    })),
    "no table over 10% dead rows",
  );
}

async function unusedIndexes(s: IncidentSettings, now: Date, db?: SqlTarget): Promise<CheckFinding[]> {
  const check = {
    id: "unused_index",
    title: "An index is never used",
    docs: `${PG_DOCS}monitoring-stats.html#MONITORING-PG-STAT-ALL-INDEXES-VIEW`,
  };
  const [age] = await sql<{ days: number }>(
    "Checklist.statsAge",
    `SELECT extract(epoch FROM $1::timestamptz - greatest(pg_postmaster_start_time(),
        (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database())))::float8 / 86400 AS days`,
    [now],
    db,
  );
  if (age.days < s.unusedIndexMinStatsDays)
    return findingsOf(
      check,
      [],
      `judged once the statistics are ${s.unusedIndexMinStatsDays} days old (now ${age.days.toFixed(1)})`,
    );
  const rows = await sql<{ index: string; table: string; bytes: number }>(
    "Checklist.unusedIndexes",
    `SELECT s.indexrelid::regclass::text AS index, s.relid::regclass::text AS "table", pg_relation_size(s.indexrelid)::float8 AS bytes
       FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
      WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary ORDER BY 3 DESC`,
    [],
    db,
  );
  return findingsOf(
    check,
    rows.map((r) => ({
      status: "warning",
      subject: r.index,
      summary: `${r.index} on ${r.table} was never scanned in ${Math.floor(age.days)} days (${(r.bytes / 1048576).toFixed(1)} MB kept up to date on every write)`,
      fix: `DROP INDEX CONCURRENTLY ${r.index}; (as a migration: npm run db:migration:new)`,
    })),
    `every index scanned in ${Math.floor(age.days)} days of statistics`,
  );
}

/** Each check, started, by what it looks at; `now` is when they judge ages from. */
export const serverChecks = (s: IncidentSettings, now: Date, db?: SqlTarget): [string, Promise<CheckFinding[]>][] => [
  ["triggers", disabledTriggers(db)],
  ["prepared transactions", preparedTransactions(s, now, db)],
  ["the archiver", archiving(s, db)],
  ["checkpoints", lastCheckpoint(now, db)],
  ["commit and cache ratios", ratios(s, db)],
  ["dead rows", deadRows(db)],
  ["index use", unusedIndexes(s, now, db)],
];
