// What the database is doing right now: the running statements, and who blocks
// whom. Read live (never cached): an operator looks here during an incident.
import { UserFacingError } from "@/lib/errors";
import { sql, type SqlTarget } from "@/lib/db/sql";

/** A statement running longer than this is flagged; so is a transaction left idle this long. */
export const LONG_QUERY_MS = 60_000;
export const IDLE_IN_TRANSACTION_MS = 30_000;

/**
 * This app's own operations: the one-at-a-time lock and the pg_dump/psql it
 * starts (legendai-ops…), restores and migrations. Cancelling one from the
 * dashboard could leave a restore half done, so it is refused.
 */
const PROTECTED_APPLICATION = /^legendai-(ops|backup|restore|migrate)/;

export type Session = {
  pid: number;
  user: string | null;
  application: string;
  client: string | null;
  state: string;
  waitEvent: string | null;
  durationMs: number | null;
  transactionMs: number | null;
  query: string;
  /** Why it stands out (long-running, idle in transaction), if it does. */
  warning: string | null;
  /** One of this app's backup, restore or migration connections: never cancelled from here. */
  protected: boolean;
  /** The sessions this one waits for (a lock they hold). */
  blockedBy: number[];
  /** How many of the listed sessions wait for this one. */
  blocking: number;
};

export async function liveQueries(db?: SqlTarget): Promise<Session[]> {
  const rows = await sql<Omit<Session, "warning" | "protected" | "blocking">>(
    "Activity.liveQueries",
    `SELECT pid, usename AS "user", coalesce(nullif(application_name, ''), '(none)') AS application,
        host(client_addr) AS client, coalesce(state, 'unknown') AS state,
        CASE WHEN wait_event IS NOT NULL THEN wait_event_type || ': ' || wait_event END AS "waitEvent",
        round(extract(epoch FROM clock_timestamp() - query_start) * 1000)::float8 AS "durationMs",
        round(extract(epoch FROM clock_timestamp() - xact_start) * 1000)::float8 AS "transactionMs",
        left(query, 2000) AS query, pg_blocking_pids(pid) AS "blockedBy"
      FROM pg_stat_activity
     WHERE datname = current_database() AND backend_type = 'client backend'
       AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'
     ORDER BY query_start NULLS LAST`,
    [],
    db,
  );
  return rows.map((row) => ({
    ...row,
    protected: PROTECTED_APPLICATION.test(row.application),
    warning: warningFor(row),
    blocking: rows.filter((other) => other.blockedBy.includes(row.pid)).length,
  }));
}

/** Why a session stands out: a statement running long, or a transaction left open doing nothing. */
export function warningFor(session: Pick<Session, "state" | "durationMs" | "transactionMs">): string | null {
  if (session.state === "active" && (session.durationMs ?? 0) > LONG_QUERY_MS) return "long-running";
  if (session.state.startsWith("idle in transaction") && (session.transactionMs ?? 0) > IDLE_IN_TRANSACTION_MS)
    return "idle in transaction";
  return null;
}

export type LockNode = {
  pid: number;
  application: string;
  state: string;
  query: string;
  /** How long its current statement has run (for a blocked one: about how long it has waited). */
  durationMs: number | null;
  /** The lock it is waiting for, if it is. */
  waitingFor: string | null;
  blocks: LockNode[];
};

/** Who blocks whom: the roots block others and wait for no one; each node lists the sessions it blocks. */
export async function lockTree(db?: SqlTarget): Promise<LockNode[]> {
  const rows = await sql<Omit<LockNode, "blocks"> & { blockedBy: number[] }>(
    "Activity.lockTree",
    `WITH involved AS (
       SELECT pid, pg_blocking_pids(pid) AS blocked_by FROM pg_stat_activity WHERE datname = current_database()
     )
     SELECT a.pid, i.blocked_by AS "blockedBy", coalesce(nullif(a.application_name, ''), '(none)') AS application,
        coalesce(a.state, 'unknown') AS state, left(a.query, 1000) AS query,
        round(extract(epoch FROM clock_timestamp() - a.query_start) * 1000)::float8 AS "durationMs",
        (SELECT string_agg(DISTINCT l.mode || ' on ' || coalesce(l.relation::regclass::text, l.locktype), ', ')
           FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted) AS "waitingFor"
       FROM involved i JOIN pg_stat_activity a ON a.pid = i.pid
      WHERE cardinality(i.blocked_by) > 0
         OR i.pid IN (SELECT unnest(blocked_by) FROM involved)`,
    [],
    db,
  );
  const nodes = new Map<number, LockNode>(rows.map(({ blockedBy: _, ...row }) => [row.pid, { ...row, blocks: [] }])); // eslint-disable-line @typescript-eslint/no-unused-vars
  for (const row of rows) for (const blocker of row.blockedBy) nodes.get(blocker)?.blocks.push(nodes.get(row.pid)!);
  // A deadlock-free graph has roots; a session blocked only by sessions outside this database is a root too.
  return rows.filter((row) => row.blockedBy.every((pid) => !nodes.has(pid))).map((row) => nodes.get(row.pid)!);
}

export class SessionRefusedError extends UserFacingError {}

/**
 * Cancels a session's statement (pg_cancel_backend) or ends the session
 * (pg_terminate_backend). Refuses this app's operations and sessions of other
 * databases; says so when the session is already gone.
 */
export async function endSession(
  pid: number,
  mode: "cancel" | "terminate",
  db?: SqlTarget,
): Promise<{ application: string; query: string }> {
  const [session] = await sql<{ application: string; query: string }>(
    "Activity.findSession",
    `SELECT coalesce(nullif(application_name, ''), '(none)') AS application, left(query, 200) AS query
       FROM pg_stat_activity WHERE pid = $1 AND datname = current_database() AND pid <> pg_backend_pid()`,
    [pid],
    db,
  );
  if (!session) throw new SessionRefusedError(`No session ${pid} in this database (it may have ended already).`);
  if (PROTECTED_APPLICATION.test(session.application))
    throw new SessionRefusedError(
      `Session ${pid} is this app's own ${session.application.split("|")[0]} connection: stop the operation instead.`,
    );
  const fn = mode === "cancel" ? "pg_cancel_backend" : "pg_terminate_backend";
  const [{ ok }] = await sql<{ ok: boolean }>("Activity.endSession", `SELECT ${fn}($1) AS ok`, [pid], db);
  if (!ok) throw new SessionRefusedError(`Postgres did not ${mode} session ${pid}.`);
  return session;
}
