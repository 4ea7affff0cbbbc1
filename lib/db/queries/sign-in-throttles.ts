// Sign-in attempts per key (the policy, limits and messages are in
// lib/auth/throttle.ts). An attempt is counted and checked in one upsert, so
// that concurrent attempts, on any app instance, cannot all pass: the row's
// lock serialises them and each sees the count the one before it left.
import { sql, sqlCount } from "@/lib/db/sql";

export type Throttle = { key: string; failures: number; lockedUntil: Date | null; nextAttemptAt: Date | null };

const COLUMNS = `key, failures, locked_until AS "lockedUntil", next_attempt_at AS "nextAttemptAt"`;
/** A count older than its window starts again (the first parameter after the key is the window in seconds). */
const EXPIRED = `t.first_failure_at < now() - make_interval(secs => $2)`;

/**
 * Counts an attempt against a key that locks: allowed (true) while it is not
 * locked and fewer than `max` attempts were counted in the window.
 */
export async function reserveLimited(key: string, limits: { windowMs: number; max: number }): Promise<boolean> {
  const rows = await sql(
    "SignInThrottle.reserve",
    `INSERT INTO sign_in_throttles AS t (key, failures, first_failure_at) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN ${EXPIRED} THEN 1 ELSE t.failures + 1 END,
       first_failure_at = CASE WHEN ${EXPIRED} THEN now() ELSE t.first_failure_at END,
       locked_until = NULL
     WHERE (t.locked_until IS NULL OR t.locked_until <= now()) AND (${EXPIRED} OR t.failures < $3)
     RETURNING 1`,
    [key, limits.windowMs / 1000, limits.max],
  );
  return rows.length === 1;
}

/**
 * Counts an attempt against a key that only delays: the first `free` in the
 * window pass at once; after that each must wait, twice as long as the one
 * before (up to `maxDelayMs`), and an attempt made too soon is not counted.
 */
export async function reserveDelayed(
  key: string,
  limits: { windowMs: number; free: number; maxDelayMs: number },
): Promise<boolean> {
  const rows = await sql(
    "SignInThrottle.reserveDelayed",
    `INSERT INTO sign_in_throttles AS t (key, failures, first_failure_at) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN ${EXPIRED} THEN 1 ELSE t.failures + 1 END,
       first_failure_at = CASE WHEN ${EXPIRED} THEN now() ELSE t.first_failure_at END,
       next_attempt_at = CASE WHEN NOT ${EXPIRED} AND t.failures + 1 > $3
         THEN now() + make_interval(secs => least($4, power(2, t.failures - $3))) END
     WHERE ${EXPIRED} OR t.next_attempt_at IS NULL OR t.next_attempt_at <= now()
     RETURNING 1`,
    [key, limits.windowMs / 1000, limits.free, limits.maxDelayMs / 1000],
  );
  return rows.length === 1;
}

/** The key as it stands (why an attempt was refused). */
export const readThrottle = async (key: string): Promise<Throttle | null> =>
  (await sql<Throttle>("SignInThrottle.find", `SELECT ${COLUMNS} FROM sign_in_throttles WHERE key = $1`, [key]))[0] ??
  null;

/** After a failed attempt: a key whose count reached `max` is locked for `lockMs` (true if this locked it). */
export const lockIfReached = async (key: string, limits: { max: number; lockMs: number }): Promise<boolean> =>
  (await sqlCount(
    "SignInThrottle.lock",
    `UPDATE sign_in_throttles SET locked_until = now() + make_interval(secs => $3), failures = 0, first_failure_at = now()
      WHERE key = $1 AND failures >= $2 AND (locked_until IS NULL OR locked_until <= now())`,
    [key, limits.max, limits.lockMs / 1000],
  )) === 1;

/** Takes back an attempt that was not a failure (it succeeded, or it was refused by another key). */
export async function release(key: string): Promise<void> {
  await sql(
    "SignInThrottle.release",
    `UPDATE sign_in_throttles SET failures = greatest(failures - 1, 0) WHERE key = $1`,
    [key],
  );
}

export async function clearKeys(keys: string[]): Promise<void> {
  await sql("SignInThrottle.clear", `DELETE FROM sign_in_throttles WHERE key = ANY($1::varchar[])`, [keys]);
}

/** Every key that starts with `prefix` and is locked or delaying now. */
export const restrictedKeysStartingWith = (prefix: string) =>
  sql<Throttle>(
    "SignInThrottle.findRestricted",
    `SELECT ${COLUMNS} FROM sign_in_throttles
      WHERE starts_with(key, $1) AND (locked_until > now() OR next_attempt_at > now())`,
    [prefix],
  );

/** Deletes keys with nothing left to remember: no lock, no delay, and a count older than `windowMs`. */
export const pruneThrottles = (windowMs: number) =>
  sqlCount(
    "SignInThrottle.prune",
    `DELETE FROM sign_in_throttles
      WHERE first_failure_at < now() - make_interval(secs => $1)
        AND (locked_until IS NULL OR locked_until < now()) AND (next_attempt_at IS NULL OR next_attempt_at < now())`,
    [windowMs / 1000],
  );
