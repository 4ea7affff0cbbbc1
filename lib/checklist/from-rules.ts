// The checks the incident rules already make, read now: each rule's
// conditions (with the thresholds set on /incidents) become checklist lines,
// with the fix and the documentation. A rule whose facts could not be read is
// "not checked", with why.
import { gatherFacts, type FactName } from "@/lib/incidents/facts";
import { RULES } from "@/lib/incidents/rules";
import type { IncidentSettings } from "@/lib/incidents/settings";
import { findingsOf, notChecked, PG_DOCS, type CheckFinding, type CheckStatus } from "./check";

type RuleCheck = { status: CheckStatus; fix: string; docs: string; ok: (s: IncidentSettings) => string };

const RULE_CHECKS: Record<string, RuleCheck> = {
  connections_high: {
    status: "problem",
    fix: "Find who holds the connections (Insights → Activity); put PgBouncer in front or raise max_connections.",
    docs: `${PG_DOCS}runtime-config-connection.html#GUC-MAX-CONNECTIONS`,
    ok: (s) => `connections in use under ${s.connectionsMaxPercent}% of max_connections`,
  },
  long_query: {
    status: "warning",
    fix: "Look at it in Insights → Activity; cancel it there if it should not run that long.",
    docs: `${PG_DOCS}monitoring-stats.html#MONITORING-PG-STAT-ACTIVITY-VIEW`,
    ok: (s) => `no statement running longer than ${s.longQuerySeconds} s`,
  },
  lock_wait: {
    status: "problem",
    fix: "End the blocking session (Insights → Activity shows who blocks whom) or let it finish.",
    docs: `${PG_DOCS}explicit-locking.html`,
    ok: (s) => `no session waiting on a lock longer than ${s.lockWaitSeconds} s`,
  },
  idle_in_transaction: {
    status: "problem",
    fix: "Terminate the session (Insights → Activity); set idle_in_transaction_session_timeout for the app's role.",
    docs: `${PG_DOCS}runtime-config-client.html#GUC-IDLE-IN-TRANSACTION-SESSION-TIMEOUT`,
    ok: (s) => `no transaction idle longer than ${s.idleInTransactionSeconds} s`,
  },
  autovacuum_off: {
    status: "problem",
    fix: "ALTER SYSTEM SET autovacuum = on (and track_counts); ALTER TABLE … RESET (autovacuum_enabled).",
    docs: `${PG_DOCS}routine-vacuuming.html#AUTOVACUUM`,
    ok: () => "autovacuum on for the server and every table",
  },
  analyze_stale: {
    status: "warning",
    fix: "ANALYZE the table; if it keeps happening, lower its autovacuum_analyze_scale_factor.",
    docs: `${PG_DOCS}sql-analyze.html`,
    ok: (s) => `every table of ${s.analyzeMinRows}+ rows analyzed, under ${s.analyzeChangedPercent}% changed since`,
  },
  sequence_high: {
    status: "problem",
    fix: "ALTER the column (and its sequence) to bigint before it runs out.",
    docs: `${PG_DOCS}sql-altersequence.html`,
    ok: (s) => `every sequence under ${s.sequenceMaxPercent}% of what its column holds`,
  },
  xid_age: {
    status: "problem",
    fix: "VACUUM (FREEZE) the oldest tables (Insights → Checks names them); end long transactions.",
    docs: `${PG_DOCS}routine-vacuuming.html#VACUUM-FOR-WRAPAROUND`,
    ok: (s) => `transaction-id age under ${s.xidMaxAge.toLocaleString("en-US")}`,
  },
  replication_slot: {
    status: "problem",
    fix: "Drop a slot nothing uses: SELECT pg_drop_replication_slot('name').",
    docs: `${PG_DOCS}warm-standby.html#STREAMING-REPLICATION-SLOTS`,
    ok: (s) => `no inactive slot, none keeping over ${s.slotRetainedMegabytes} MB of WAL`,
  },
  replica_out_of_rotation: {
    status: "problem",
    fix: "Insights → Activity shows the replicas: start a stopped one, resume paused replay, or find why it lags (its disk, its network, long queries on it holding replay).",
    docs: `${PG_DOCS}hot-standby.html`,
    ok: () => "every read replica in rotation (or none configured)",
  },
  replica_lagging: {
    status: "warning",
    fix: "Insights → Activity shows each replica's lag: long queries on the replica hold replay (max_standby_streaming_delay), or its disk or network is slow.",
    docs: `${PG_DOCS}hot-standby.html#HOT-STANDBY-CONFLICT`,
    ok: (s) => `every read replica within ${s.replicaLagSeconds} s of the primary (or none configured)`,
  },
  backup_stale: {
    status: "problem",
    fix: "npm run ops:backup (or Back up now on /operations); check the cron job (setup_backup_cron.sh).",
    docs: `${PG_DOCS}backup-dump.html`,
    ok: (s) => `a good backup within ${s.backupMaxAgeHours} h`,
  },
  drill_overdue: {
    status: "warning",
    fix: "npm run ops:verify-backup (or Run restore drill on /operations).",
    docs: `${PG_DOCS}backup-dump.html#BACKUP-DUMP-RESTORE`,
    ok: (s) => `a restore drill passed within ${s.drillMaxAgeDays} days`,
  },
  pitr_unarchived: {
    status: "problem",
    fix: "See why archiving is behind: npm run pitr:status.",
    docs: `${PG_DOCS}continuous-archiving.html`,
    ok: (s) =>
      `point-in-time recovery: nothing unarchived older than ${s.pitrUnarchivedMaxMinutes} min (or PITR not set up)`,
  },
};

export async function ruleChecks(settings: IncidentSettings, now = new Date()): Promise<CheckFinding[]> {
  const rules = RULES.filter((r) => r.id in RULE_CHECKS);
  const needs = [...new Set(rules.flatMap((r) => r.needs ?? []))] as FactName[];
  const { facts, failures } = await gatherFacts(now, needs);
  return rules.flatMap((rule) => {
    const check = { id: rule.id, title: rule.title, docs: RULE_CHECKS[rule.id].docs };
    const missing = (rule.needs ?? []).map((n) => failures[n]).filter(Boolean);
    if (missing.length) return [notChecked(check, missing.join("; "))];
    const { status, fix, ok } = RULE_CHECKS[rule.id];
    const conditions = rule.evaluate(facts, settings) ?? [];
    return findingsOf(
      check,
      conditions.map((c) => ({ status, subject: c.subject, summary: c.summary, fix })),
      ok(settings),
    );
  });
}
