// Sign-in throttling: five failed attempts within fifteen minutes lock the
// account, or the client address, for fifteen minutes. Kept in Postgres, so
// every app instance counts the same attempts and a restart forgets nothing.
// A locked sign-in is refused before the password is even checked.
import { clearKey, countFailure, lockedKeys, lockedKeysStartingWith } from "@/lib/db/queries/sign-in-throttles";

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
  const locked = await lockedKeys([keys.account, keys.address]);
  const account = locked.find((l) => l.key === keys.account);
  const hit = account ?? locked[0];
  if (hit) throw new SignInLockedError(hit.lockedUntil, account ? "account" : "address");
}

/** Counts a failed attempt against both keys; returns true if this one locked either. */
export const recordFailure = (keys: { account: string; address: string }): Promise<boolean> =>
  countFailure([keys.account, keys.address], { maxFailures: MAX_FAILURES, windowMs: WINDOW_MS, lockMs: LOCK_MS });

/** A successful sign-in clears its account's failures (not the address's: one good password must not reset a guesser). */
export const clearAccount = (account: string): Promise<void> => clearKey(account);

/** The accounts locked now, by email (the users page shows them with an Unlock button). */
export async function lockedAccounts(): Promise<Map<string, Date>> {
  const rows = await lockedKeysStartingWith("account:");
  return new Map(rows.map((r) => [r.key.slice("account:".length), r.lockedUntil]));
}
