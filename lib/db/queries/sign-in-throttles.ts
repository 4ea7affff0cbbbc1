// Failed sign-ins per key ("account:<email>", "address:<ip>"): counted and
// locked in single statements, so that every app instance counts the same
// attempts. The policy (limits, windows, messages) is lib/auth/throttle.ts.
import { sql } from "@/lib/db/sql";

export type Throttle = { key: string; lockedUntil: Date };

/** Of `keys`, those locked now. */
export const lockedKeys = (keys: string[]) =>
  sql<Throttle>(
    "SignInThrottle.findLocked",
    `SELECT key, locked_until AS "lockedUntil" FROM sign_in_throttles WHERE key = ANY($1::varchar[]) AND locked_until > now()`,
    [keys],
  );

/** Every locked key that starts with `prefix`. */
export const lockedKeysStartingWith = (prefix: string) =>
  sql<Throttle>(
    "SignInThrottle.findLockedByPrefix",
    `SELECT key, locked_until AS "lockedUntil" FROM sign_in_throttles WHERE starts_with(key, $1) AND locked_until > now()`,
    [prefix],
  );

/**
 * Counts one failure against each key (a count older than `windowMs` starts
 * again at 1); keys that reach `maxFailures` are locked for `lockMs`. True when
 * this failure locked any of them.
 */
export async function countFailure(
  keys: string[],
  limits: { maxFailures: number; windowMs: number; lockMs: number },
): Promise<boolean> {
  const rows = await sql<{ locked: boolean }>(
    "SignInThrottle.countFailure",
    `INSERT INTO sign_in_throttles AS t (key, failures, first_failure_at)
     SELECT k, 1, now() FROM unnest($1::varchar[]) AS k
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.first_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
       first_failure_at = CASE WHEN t.first_failure_at < now() - make_interval(secs => $2) THEN now() ELSE t.first_failure_at END
     RETURNING failures >= $3 AS locked`,
    [keys, limits.windowMs / 1000, limits.maxFailures],
  );
  if (!rows.some((r) => r.locked)) return false;
  await sql(
    "SignInThrottle.lock",
    `UPDATE sign_in_throttles SET locked_until = now() + make_interval(secs => $2), failures = 0, first_failure_at = now()
      WHERE key = ANY($1::varchar[]) AND failures >= $3`,
    [keys, limits.lockMs / 1000, limits.maxFailures],
  );
  return true;
}

export async function clearKey(key: string): Promise<void> {
  await sql("SignInThrottle.clear", `DELETE FROM sign_in_throttles WHERE key = $1`, [key]);
}
