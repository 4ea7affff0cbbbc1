// Sessions on the server: the cookie names one of these rows, and it counts
// only while the row says so (lib/auth/sessions.ts is the policy).
import { randomUUID } from "node:crypto";
import { sql, sqlCount } from "@/lib/db/sql";

export type SessionRow = {
  id: string;
  userId: number;
  startedAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  address: string;
  userAgent: string;
};

const COLUMNS = `id, user_id AS "userId", started_at AS "startedAt", last_seen_at AS "lastSeenAt",
  expires_at AS "expiresAt", address, user_agent AS "userAgent"`;
const LIVE = `ended_at IS NULL AND expires_at > now()`;

export async function insertSession(s: { userId: number; lifetimeMs: number; address: string; userAgent: string }) {
  const id = randomUUID();
  await sql(
    "Session.create",
    `INSERT INTO sessions (id, user_id, expires_at, address, user_agent)
     VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5)`,
    [id, s.userId, s.lifetimeMs / 1000, s.address.slice(0, 64), s.userAgent.slice(0, 255)],
  );
  return id;
}

/**
 * The user of a live session (not ended, not expired), or null; marks it
 * seen, at most once a minute (a write per request would be wasted on a page
 * of ten requests), without the request waiting for that. Disabling a user
 * ends their sessions. Two statements, not
 * one that reads and then writes the table: such a statement holds a read
 * lock while it waits for a write lock, and deadlocks with a restore that is
 * replacing the table.
 */
export async function touchLiveSession(id: string): Promise<{ userId: number } | null> {
  const [live] = await sql<{ userId: number; stale: boolean }>(
    "Session.findLive",
    `SELECT user_id AS "userId", last_seen_at < now() - interval '1 minute' AS stale FROM sessions WHERE id = $1 AND ${LIVE}`,
    [id],
  );
  if (!live) return null;
  // Not waited for: "last seen" is worth no delay to the request (a restore may hold the table a while).
  if (live.stale)
    void sql("Session.touch", `UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [id]).catch(() => {});
  return { userId: live.userId };
}

export const endSession = (id: string, reason: string) =>
  sqlCount("Session.end", `UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ${LIVE}`, [
    id,
    reason,
  ]);

/** Ends every live session of the user; returns how many. */
export const endUserSessions = (userId: number, reason: string) =>
  sqlCount(
    "Session.endAllOfUser",
    `UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ${LIVE}`,
    [userId, reason],
  );

/** Every live session, most recently seen first (the users page). */
export const liveSessions = () =>
  sql<SessionRow>("Session.findAllLive", `SELECT ${COLUMNS} FROM sessions WHERE ${LIVE} ORDER BY last_seen_at DESC`);

/** A live session by id (an admin ending one session: which user it belongs to). */
export const findLiveSession = async (id: string) =>
  (await sql<SessionRow>("Session.find", `SELECT ${COLUMNS} FROM sessions WHERE id = $1 AND ${LIVE}`, [id]))[0] ?? null;

/** Deletes sessions that ended or expired more than `keepMs` ago. */
export const pruneSessions = (keepMs: number) =>
  sqlCount(
    "Session.prune",
    `DELETE FROM sessions WHERE coalesce(ended_at, expires_at) < now() - make_interval(secs => $1)`,
    [keepMs / 1000],
  );
