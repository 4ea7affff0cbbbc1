// Sessions that end. The session cookie (a JWT next-auth signs and encrypts)
// carries the id of a row in `sessions`; the row decides: signing out, a
// password reset, a role change, disabling the user or an admin's "end" stop
// it at once, and it never outlives SESSION_LIFETIME_MS from sign-in, however
// often it is refreshed (next-auth renews the cookie's own expiry on use).
import { endSession, endUserSessions, insertSession, touchLiveSession } from "@/lib/db/queries/sessions";
import { diagnoseDatabaseError } from "@/lib/db/diagnose";

/** A session lasts a working day from sign-in; then the user signs in again. */
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

export type SessionToken = { uid?: unknown; sid?: unknown };

export class SessionEndedError extends Error {
  constructor() {
    super("the session has ended: sign in again");
    this.name = "SessionEndedError";
  }
}

export const startSession = (userId: number, from: { address: string; userAgent: string }) =>
  insertSession({ userId, lifetimeMs: SESSION_LIFETIME_MS, ...from });

/**
 * Throws SessionEndedError unless the token names a live session of its user.
 * A database that does not answer (or holds the table: a restore) is no
 * reason to sign anyone out: the token stands, and the page's own lookup of
 * the user reports what is wrong.
 */
export async function assertSessionLive(token: SessionToken): Promise<void> {
  if (typeof token.sid !== "string" || typeof token.uid !== "number") throw new SessionEndedError();
  let live: { userId: number } | null;
  try {
    live = await touchLiveSession(token.sid);
  } catch (error) {
    if (await diagnoseDatabaseError(error).catch(() => null)) return;
    throw error;
  }
  if (live?.userId !== token.uid) throw new SessionEndedError();
}

export const endThisSession = (token: SessionToken, reason: string) =>
  typeof token.sid === "string" ? endSession(token.sid, reason) : Promise.resolve(0);

/** After a password reset, a role change or disabling: every session of the user ends. */
export const endAllSessionsOf = (userId: number, reason: string) => endUserSessions(userId, reason);
