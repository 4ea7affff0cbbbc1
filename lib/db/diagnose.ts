// What a failed statement means, in words for the person who asked: blocked
// by another session's lock (whose, for how long), slower than the limit, or
// the database really unavailable. Postgres cancels a statement at
// DB_STATEMENT_TIMEOUT with the cause in its SQLSTATE (55P03 lock_timeout,
// 57014 statement_timeout); the session that held the lock is looked up at
// once, while it still holds it.
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { sql } from "@/lib/db/sql";
import { env } from "@/lib/env";

export type DatabaseProblem = { kind: "locked" | "slow" | "unavailable"; message: string };

/** The SQLSTATE of a Postgres error, wrapped by Prisma or not. */
export function sqlStateOf(error: unknown): string | null {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    // Prisma's own codes (P1001, P2034, …) are not SQLSTATEs: its message carries the driver's.
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && !/^P[1-9]\d{3}$/.test(e.code)) return e.code;
    const wrapped = typeof e.message === "string" ? /Code: `([0-9A-Z]{5})`/.exec(e.message) : null;
    if (wrapped) return wrapped[1];
    e = e.cause as typeof e;
  }
  return null;
}

type Holder = { pid: number; seconds: number; mode: string; relation: string; application: string };

/** Sessions holding a lock that stops writes (or reads) on a table, oldest transaction first. */
const strongLockHolders = () =>
  sql<Holder>(
    "Diagnose.lockHolders",
    `SELECT l.pid, floor(extract(epoch FROM now() - coalesce(a.xact_start, a.backend_start)))::int AS seconds,
            l.mode, c.relname AS relation, coalesce(nullif(a.application_name, ''), '(none)') AS application
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN pg_class c ON c.oid = l.relation
      WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid() AND c.relkind IN ('r', 'p')
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
      ORDER BY a.xact_start NULLS LAST LIMIT 3`,
  );

/** "ShareRowExclusiveLock" → "SHARE ROW EXCLUSIVE", as LOCK TABLE writes it. */
const modeName = (mode: string) =>
  mode
    .replace(/Lock$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toUpperCase();

async function lockMessage(): Promise<string> {
  const holders = await strongLockHolders().catch(() => [] as Holder[]);
  if (!holders.length) return "blocked by another session's lock (it has let go since)";
  const [first, ...others] = holders;
  const more = others.length ? `; also pid ${others.map((h) => h.pid).join(", ")}` : "";
  return `blocked by another session (pid ${first.pid}, running for ${first.seconds} s, ${first.application}, holding a ${modeName(first.mode)} lock on ${first.relation}${more})`;
}

/** Null when the error is not about the database's state (a constraint, a bug). */
export async function diagnoseDatabaseError(error: unknown): Promise<DatabaseProblem | null> {
  const state = sqlStateOf(error);
  if (state === "55P03") return { kind: "locked", message: await lockMessage() };
  if (state === "57014" && /statement timeout/.test(String((error as Error)?.message)))
    return { kind: "slow", message: `took longer than the limit (${env().DB_STATEMENT_TIMEOUT} s)` };
  if (isDatabaseUnavailable(error)) return { kind: "unavailable", message: "the database is unavailable" };
  return null;
}

/** The diagnosis's words, or null. */
export const describeDatabaseError = async (error: unknown) => (await diagnoseDatabaseError(error))?.message ?? null;
