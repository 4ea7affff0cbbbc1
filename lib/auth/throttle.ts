// Sign-in throttling: five failed attempts within fifteen minutes lock the
// account, or the client address, for fifteen minutes. Kept in Postgres, so
// every app instance counts the same attempts and a restart forgets nothing.
// A locked sign-in is refused before the password is even checked.
import { prisma } from "@/lib/db/client";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;

export class SignInLockedError extends Error {
  constructor(
    readonly until: Date,
    readonly scope: "account" | "address",
  ) {
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    super(
      scope === "account"
        ? `Too many failed sign-ins: this account is locked for ${minutes} more minute${minutes === 1 ? "" : "s"}. An admin can unlock it.`
        : `Too many failed sign-ins from this address: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
    this.name = "SignInLockedError";
  }
}

/** Throws SignInLockedError if the account or the address is locked now. */
export async function assertNotLocked(keys: { account: string; address: string }): Promise<void> {
  const locked = await prisma().signInThrottle.findMany({
    where: { key: { in: [keys.account, keys.address] }, lockedUntil: { gt: new Date() } },
  });
  const account = locked.find((l) => l.key === keys.account);
  const hit = account ?? locked[0];
  if (hit) throw new SignInLockedError(hit.lockedUntil!, account ? "account" : "address");
}

/** Counts a failed attempt against both keys; returns true if this one locked either. */
export async function recordFailure(keys: { account: string; address: string }): Promise<boolean> {
  const rows = await prisma().$queryRaw<{ locked: boolean }[]>`
    INSERT INTO sign_in_throttles AS t (key, failures, first_failure_at)
    SELECT k, 1, now() FROM unnest(${[keys.account, keys.address]}::varchar[]) AS k
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.first_failure_at < now() - ${`${WINDOW_MS} milliseconds`}::interval THEN 1 ELSE t.failures + 1 END,
      first_failure_at = CASE WHEN t.first_failure_at < now() - ${`${WINDOW_MS} milliseconds`}::interval THEN now() ELSE t.first_failure_at END
    RETURNING failures >= ${MAX_FAILURES} AS locked`;
  if (!rows.some((r) => r.locked)) return false;
  await prisma().$executeRaw`
    UPDATE sign_in_throttles SET locked_until = now() + ${`${LOCK_MS} milliseconds`}::interval, failures = 0, first_failure_at = now()
     WHERE key = ANY(${[keys.account, keys.address]}::varchar[]) AND failures >= ${MAX_FAILURES}`;
  return true;
}

/** A successful sign-in clears its account's failures (not the address's: one good password must not reset a guesser). */
export async function clearAccount(account: string): Promise<void> {
  await prisma().signInThrottle.deleteMany({ where: { key: account } });
}

/** The accounts locked now, by email (the users page shows them with an Unlock button). */
export async function lockedAccounts(): Promise<Map<string, Date>> {
  const rows = await prisma().signInThrottle.findMany({
    where: { key: { startsWith: "account:" }, lockedUntil: { gt: new Date() } },
  });
  return new Map(rows.map((r) => [r.key.slice("account:".length), r.lockedUntil!]));
}
