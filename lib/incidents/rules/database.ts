// Rules about the database server itself, for the operator at 3 a.m.: a
// statement running long, a session waiting on a lock, a transaction left
// idle, autovacuum off, tables the planner knows nothing recent about,
// connections near max_connections, replication slots that hold WAL, and
// pool connections an app instance never gave back.
import { count, megabytes, MINUTE, seconds, type Rule } from "./rule";

const pidSubject = (pid: number) => `pid ${pid}`;
const shortQuery = (query: string) => query.replace(/\s+/g, " ").trim().slice(0, 120);

export const DATABASE_RULES: Rule[] = [
  {
    id: "long_query",
    title: "A statement is running long",
    needs: ["sessions"],
    forMs: 0,
    evaluate: ({ sessions }, s) =>
      sessions
        .filter((q) => q.state === "active" && !q.waitingOnLock && (q.queryMs ?? 0) > s.longQuerySeconds * 1000)
        .map((q) => ({
          subject: pidSubject(q.pid),
          summary: `pid ${q.pid} (${q.application}) has run one statement for ${seconds(q.queryMs!)} (limit ${s.longQuerySeconds} s): ${shortQuery(q.query)}`,
        })),
  },
  {
    id: "lock_wait",
    title: "A session waits on a lock",
    needs: ["sessions"],
    forMs: 0,
    evaluate: ({ sessions }, s) =>
      sessions
        .filter((q) => q.waitingOnLock && (q.queryMs ?? 0) > s.lockWaitSeconds * 1000)
        .map((q) => ({
          subject: pidSubject(q.pid),
          summary: `pid ${q.pid} (${q.application}) has waited ${seconds(q.queryMs!)} for a lock held by pid ${q.blockedBy.join(", ") || "?"} (limit ${s.lockWaitSeconds} s): ${shortQuery(q.query)}`,
        })),
  },
  {
    id: "idle_in_transaction",
    title: "A transaction is left idle",
    needs: ["sessions"],
    forMs: 0,
    evaluate: ({ sessions }, s) =>
      sessions
        .filter(
          (q) => q.state.startsWith("idle in transaction") && (q.stateMs ?? 0) > s.idleInTransactionSeconds * 1000,
        )
        .map((q) => ({
          subject: pidSubject(q.pid),
          summary: `pid ${q.pid} (${q.application}) has held a transaction open, doing nothing, for ${seconds(q.stateMs!)} (limit ${s.idleInTransactionSeconds} s); it holds its locks and stops vacuum. Last statement: ${shortQuery(q.query)}`,
        })),
  },
  {
    id: "autovacuum_off",
    title: "Autovacuum is off",
    needs: ["autovacuum"],
    forMs: 0,
    evaluate: ({ autovacuum }) => [
      ...(autovacuum.serverOn && autovacuum.trackCounts
        ? []
        : [
            {
              subject: "server",
              summary: `${autovacuum.serverOn ? "track_counts" : "autovacuum"} is off for the whole server: dead rows pile up and statistics go stale (set it on in postgresql.conf and reload)`,
            },
          ]),
      ...autovacuum.tablesOff.map((table) => ({
        subject: table,
        summary: `autovacuum is off for ${table} (ALTER TABLE ${table} RESET (autovacuum_enabled))`,
      })),
    ],
  },
  {
    id: "analyze_stale",
    title: "The planner's statistics are missing or stale",
    needs: ["analysis"],
    forMs: (s) => s.tableChecksHoldMinutes * MINUTE,
    evaluate: ({ analysis }, s) =>
      analysis
        .filter((t) => t.rows + t.changedSinceAnalyze >= s.analyzeMinRows)
        .filter((t) => !t.lastAnalyzedAt || t.changedSinceAnalyze > (t.rows * s.analyzeChangedPercent) / 100)
        .map((t) => ({
          subject: t.table,
          summary: t.lastAnalyzedAt
            ? `${t.table}: ${count(t.changedSinceAnalyze)} rows changed since its last analyze (over ${s.analyzeChangedPercent}% of ${count(t.rows)}); plans may be wrong (ANALYZE ${t.table})`
            : `${t.table} (${count(t.rows)} rows) has never been analyzed: the planner guesses (ANALYZE ${t.table})`,
        })),
  },
  {
    id: "connections_high",
    title: "Connections are near max_connections",
    needs: ["connections"],
    forMs: 0,
    evaluate: ({ connections: c }, s) => {
      const usable = c.max - c.reserved;
      return c.used > (usable * s.connectionsMaxPercent) / 100
        ? [
            {
              subject: "",
              summary: `${c.used} of ${usable} connections in use (limit ${s.connectionsMaxPercent}%): new ones will be refused at ${usable}; lower the pools or put PgBouncer in front`,
            },
          ]
        : [];
    },
  },
  {
    id: "replication_slot",
    title: "A replication slot holds WAL",
    needs: ["slots"],
    forMs: 0,
    evaluate: ({ slots }, s) =>
      slots
        .filter((slot) => !slot.active || (slot.retainedBytes ?? 0) > s.slotRetainedMegabytes * 1024 * 1024)
        .map((slot) => ({
          subject: slot.name,
          summary: `slot ${slot.name} is ${slot.active ? "behind" : "inactive"}${slot.retainedBytes === null ? "" : `, keeping ${megabytes(slot.retainedBytes)} of WAL`}: the disk fills until it is used or dropped (SELECT pg_drop_replication_slot('${slot.name}'))`,
        })),
  },
  {
    id: "replica_out_of_rotation",
    title: "A read replica serves no reads",
    needs: ["replicas"],
    forMs: MINUTE,
    evaluate: ({ replicas }) =>
      replicas
        .filter((r) => !r.inRotation)
        .map((r) => ({
          subject: r.name,
          summary: `${r.name} serves no reads (${r.reason}): the primary answers them meanwhile${r.replayPaused ? "; replay is paused (SELECT pg_wal_replay_resume() on the replica)" : ""}`,
        })),
  },
  {
    // Below the rotation limit (DB_REPLICA_MAX_LAG_S): a warning while the replica still serves reads.
    id: "replica_lagging",
    title: "A read replica falls behind",
    needs: ["replicas"],
    forMs: MINUTE,
    evaluate: ({ replicas }, s) =>
      replicas
        .filter((r) => r.inRotation && (r.lagSeconds ?? 0) > s.replicaLagSeconds)
        .map((r) => ({
          subject: r.name,
          summary: `${r.name} is ${r.lagSeconds!.toFixed(1)} s behind the primary (warning at ${s.replicaLagSeconds} s; at DB_REPLICA_MAX_LAG_S it stops serving reads): look for long queries on it holding replay, or its disk and network`,
        })),
  },
  {
    id: "connection_leak",
    title: "An app instance leaks pool connections",
    needs: ["instances"],
    forMs: 0,
    evaluate: ({ instances }) =>
      instances
        .filter((i) => (i.pool.leaked ?? 0) > 0)
        .map((i) => ({
          subject: i.id,
          summary: `${i.id} holds ${i.pool.leaked} pool connection(s) longer than DB_POOL_LEAK_DETECTION_MS: its log shows where each was taken`,
        })),
  },
];
