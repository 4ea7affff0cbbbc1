// Configuration lints for the machine the database reports: memory settings
// against its memory (when it can be known), work_mem × max_connections,
// random_page_cost on SSD, checkpoints forced by WAL volume, and the
// timeouts that stop a runaway statement or an abandoned transaction for
// the app's role. Each states its threshold (the incident settings).
import { sql, type SqlTarget } from "@/lib/db/sql";
import type { IncidentSettings } from "@/lib/incidents/settings";
import { findingsOf, notChecked, PG_DOCS, type CheckFinding } from "./check";
import { dataDiskRotates, serverMemory } from "./machine";

const RESOURCE_DOCS = `${PG_DOCS}runtime-config-resource.html`;
const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
const share = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

type Settings = Record<
  "shared_buffers" | "effective_cache_size" | "work_mem" | "max_connections" | "random_page_cost",
  number
>;

async function readSettings(db?: SqlTarget): Promise<Settings> {
  // pg_settings in bytes: setting × unit ("8kB", "kB"), or the bare number.
  const rows = await sql<{ name: keyof Settings; value: number }>(
    "Checklist.settings",
    `SELECT name, setting::float8 * CASE unit WHEN '8kB' THEN 8192 WHEN 'kB' THEN 1024 WHEN 'MB' THEN 1048576 ELSE 1 END AS value
       FROM pg_settings WHERE name = ANY($1)`,
    [["shared_buffers", "effective_cache_size", "work_mem", "max_connections", "random_page_cost"]],
    db,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.value])) as Settings;
}

async function memoryLints(s: IncidentSettings, db?: SqlTarget): Promise<CheckFinding[]> {
  const checks = {
    shared: {
      id: "shared_buffers",
      title: "shared_buffers does not fit the memory",
      docs: `${RESOURCE_DOCS}#GUC-SHARED-BUFFERS`,
    },
    cache: {
      id: "effective_cache_size",
      title: "effective_cache_size understates the memory",
      docs: `${PG_DOCS}runtime-config-query.html#GUC-EFFECTIVE-CACHE-SIZE`,
    },
    work: {
      id: "work_mem_total",
      title: "work_mem × max_connections exceeds the memory",
      docs: `${RESOURCE_DOCS}#GUC-WORK-MEM`,
    },
  };
  const [memory, v] = await Promise.all([serverMemory(db), readSettings(db)]);
  if (memory.value === null) return Object.values(checks).map((c) => notChecked(c, memory.why));
  const mem = memory.value;
  const sharedOff =
    v.shared_buffers < (mem * s.sharedBuffersMinPercent) / 100 ||
    v.shared_buffers > (mem * s.sharedBuffersMaxPercent) / 100;
  const workTotal = v.work_mem * v.max_connections;
  return [
    ...findingsOf(
      checks.shared,
      sharedOff
        ? [
            {
              status: "warning",
              subject: "shared_buffers",
              summary: `shared_buffers ${gb(v.shared_buffers)} is ${share(v.shared_buffers, mem)} of ${gb(mem)} of memory (${memory.from}); ${s.sharedBuffersMinPercent}–${s.sharedBuffersMaxPercent}% expected`,
              fix: `ALTER SYSTEM SET shared_buffers = '${Math.round(mem / 4 / 1048576)}MB'; (a quarter of memory) then restart Postgres`,
            },
          ]
        : [],
      `shared_buffers ${gb(v.shared_buffers)}: ${share(v.shared_buffers, mem)} of ${gb(mem)} (${s.sharedBuffersMinPercent}–${s.sharedBuffersMaxPercent}%)`,
    ),
    ...findingsOf(
      checks.cache,
      v.effective_cache_size < (mem * s.effectiveCacheMinPercent) / 100
        ? [
            {
              status: "warning",
              subject: "effective_cache_size",
              summary: `effective_cache_size ${gb(v.effective_cache_size)} is ${share(v.effective_cache_size, mem)} of ${gb(mem)} of memory (under ${s.effectiveCacheMinPercent}%): the planner assumes index pages are read from disk and avoids indexes`,
              fix: `ALTER SYSTEM SET effective_cache_size = '${Math.round((mem * 0.75) / 1048576)}MB'; SELECT pg_reload_conf();`,
            },
          ]
        : [],
      `effective_cache_size ${gb(v.effective_cache_size)}: ${share(v.effective_cache_size, mem)} of memory (${s.effectiveCacheMinPercent}%+)`,
    ),
    ...findingsOf(
      checks.work,
      workTotal > (mem * s.workMemTotalMaxPercent) / 100
        ? [
            {
              status: "warning",
              subject: "work_mem",
              summary: `work_mem ${Math.round(v.work_mem / 1048576)} MB × max_connections ${v.max_connections} = ${gb(workTotal)}, over ${s.workMemTotalMaxPercent}% of ${gb(mem)}: busy connections sorting at once can exhaust memory`,
              fix: `ALTER SYSTEM SET work_mem = '${Math.max(4, Math.floor((mem * 0.25) / v.max_connections / 1048576))}MB'; SELECT pg_reload_conf(); (raise it per query where a big sort needs it)`,
            },
          ]
        : [],
      `work_mem × max_connections = ${gb(workTotal)} (${share(workTotal, mem)} of memory, limit ${s.workMemTotalMaxPercent}%)`,
    ),
  ];
}

async function randomPageCost(s: IncidentSettings, db?: SqlTarget): Promise<CheckFinding[]> {
  const check = {
    id: "random_page_cost",
    title: "random_page_cost is set for a spinning disk",
    docs: `${PG_DOCS}runtime-config-query.html#GUC-RANDOM-PAGE-COST`,
  };
  const [rotates, v] = await Promise.all([dataDiskRotates(db), readSettings(db)]);
  if (rotates.value === null)
    return [
      notChecked(
        check,
        `the data disk's kind cannot be known (${rotates.why}); on SSD, random_page_cost ${v.random_page_cost} should be about 1.1`,
      ),
    ];
  return findingsOf(
    check,
    !rotates.value && v.random_page_cost > s.randomPageCostSsdMax
      ? [
          {
            status: "warning",
            subject: "random_page_cost",
            summary: `random_page_cost ${v.random_page_cost} on an SSD (${rotates.from}), over ${s.randomPageCostSsdMax}: the planner overprices index scans`,
            fix: "ALTER SYSTEM SET random_page_cost = 1.1; SELECT pg_reload_conf();",
          },
        ]
      : [],
    `random_page_cost ${v.random_page_cost} on a ${rotates.value ? "spinning disk" : "SSD"}`,
  );
}

async function checkpoints(s: IncidentSettings, db?: SqlTarget): Promise<CheckFinding[]> {
  const check = {
    id: "checkpoints_forced",
    title: "Checkpoints are forced by WAL volume",
    docs: `${PG_DOCS}wal-configuration.html`,
  };
  const [r] = await sql<{ timed: number; requested: number; timeout: number; maxWal: string }>(
    "Checklist.checkpoints",
    `SELECT checkpoints_timed::float8 AS timed, checkpoints_req::float8 AS requested,
            extract(epoch FROM current_setting('checkpoint_timeout')::interval)::float8 AS timeout,
            current_setting('max_wal_size') AS "maxWal" FROM pg_stat_bgwriter`,
    [],
    db,
  );
  const total = r.timed + r.requested;
  const forced = total >= 10 && (r.requested / total) * 100 > s.checkpointsForcedMaxPercent;
  const short = r.timeout < 300;
  return findingsOf(
    check,
    [
      ...(forced
        ? [
            {
              status: "warning" as const,
              subject: "max_wal_size",
              summary: `${r.requested} of ${total} checkpoints were forced by WAL volume (over ${s.checkpointsForcedMaxPercent}%): max_wal_size ${r.maxWal} is too small for the write rate, and each forced checkpoint writes a burst of full-page images`,
              fix: "ALTER SYSTEM SET max_wal_size = '4GB'; SELECT pg_reload_conf(); (then SELECT pg_stat_reset_shared('bgwriter') to judge afresh)",
            },
          ]
        : []),
      ...(short
        ? [
            {
              status: "warning" as const,
              subject: "checkpoint_timeout",
              summary: `checkpoint_timeout ${r.timeout} s is under 5 min: checkpoints that often write more full-page images than they save in recovery time`,
              fix: "ALTER SYSTEM SET checkpoint_timeout = '15min'; SELECT pg_reload_conf();",
            },
          ]
        : []),
    ],
    `${r.requested} of ${total} checkpoints forced by WAL volume (limit ${s.checkpointsForcedMaxPercent}%); checkpoint_timeout ${r.timeout} s, max_wal_size ${r.maxWal}`,
  );
}

/** statement_timeout and idle_in_transaction_session_timeout as a new session of the app's role gets them. */
async function roleTimeouts(db?: SqlTarget): Promise<CheckFinding[]> {
  const rows = await sql<{ name: string; value: string; role: string }>(
    "Checklist.roleTimeouts",
    `WITH wanted(name) AS (VALUES ('statement_timeout'), ('idle_in_transaction_session_timeout')),
     per_role AS (
       SELECT split_part(c, '=', 1) AS name, split_part(c, '=', 2) AS value,
              (s.setrole <> 0)::int + (s.setdatabase <> 0)::int AS rank
         FROM pg_db_role_setting s, unnest(s.setconfig) c
        WHERE s.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = current_user))
          AND s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database())))
     SELECT w.name, coalesce(
              (SELECT value FROM per_role r WHERE r.name = w.name ORDER BY rank DESC LIMIT 1),
              (SELECT CASE WHEN source IN ('client', 'session') THEN boot_val ELSE reset_val END FROM pg_settings WHERE name = w.name)
            ) AS value, current_user AS role
       FROM wanted w`,
    [],
    db,
  );
  return rows.flatMap((r) => {
    const check = {
      id: r.name,
      title: `${r.name} is off for the app's role`,
      docs: `${PG_DOCS}runtime-config-client.html#GUC-${r.name.toUpperCase().replaceAll("_", "-")}`,
    };
    const off = r.value === "0" || r.value === "";
    const suggested = r.name === "statement_timeout" ? "30s" : "60s";
    return findingsOf(
      check,
      off
        ? [
            {
              status: "warning",
              subject: `${r.role}.${r.name}`,
              summary: `${r.name} is 0 for role ${r.role}: a session of it (psql, a script, a cron job) can run or idle in a transaction forever, holding locks and stopping vacuum; the app bounds its own statements (DB_STATEMENT_TIMEOUT), nothing else does`,
              fix: `ALTER ROLE ${r.role} SET ${r.name} = '${suggested}';`,
            },
          ]
        : [],
      `${r.name} = ${r.value} for role ${r.role}`,
    );
  });
}

export const configLints = (s: IncidentSettings, db?: SqlTarget): [string, Promise<CheckFinding[]>][] => [
  ["memory settings", memoryLints(s, db)],
  ["random_page_cost", randomPageCost(s, db)],
  ["checkpoint settings", checkpoints(s, db)],
  ["the role's timeouts", roleTimeouts(db)],
];
