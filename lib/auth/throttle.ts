// Sign-in throttling (OWASP's "blocking brute force attacks"), kept in
// Postgres so every app instance counts the same attempts:
// - per account and address: 5 failures in 15 minutes lock that pair for 15
//   minutes; a guesser locks out only their own address.
// - per address, across accounts: 20 failures in 15 minutes lock the address
//   (password spraying).
// - per account, across addresses: never a lock, only a delay: after 5
//   failures each attempt waits 1, 2, 4 … up to 60 s.
// - a browser with a device cookie from an earlier good sign-in to this
//   account is counted on its own (5 failures lock that device), free of the
//   address and account limits: an attacker cannot lock the rightful user out.
// Each attempt is counted before its password is checked, in one upsert per
// key, so N concurrent guesses check at most the limit; a success takes it back.
import {
  clearKeys,
  lockIfReached,
  readThrottle,
  release,
  reserveDelayed,
  reserveLimited,
  restrictedKeysStartingWith,
} from "@/lib/db/queries/sign-in-throttles";

const MINUTE = 60_000;
export const LIMITS = {
  pair: { max: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  device: { max: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  address: { max: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  account: { free: 5, windowMs: 15 * MINUTE, maxDelayMs: MINUTE },
} as const;
export const THROTTLE_WINDOW_MS = 15 * MINUTE;

export type AttemptFrom = { email: string; address: string; device?: string | null };
type Kind = keyof typeof LIMITS;
type Key = { kind: Kind; key: string };

const normal = (email: string) => email.trim().toLowerCase();
export const accountKey = (email: string) => `account:${normal(email)}`;
export const pairKey = (email: string, address: string) => `pair:${normal(email)}|${address}`;

/** The keys an attempt counts against, the cheapest refusal first. */
function keysOf(from: AttemptFrom): Key[] {
  if (from.device) return [{ kind: "device", key: `device:${normal(from.email)}|${from.device}` }];
  return [
    { kind: "pair", key: pairKey(from.email, from.address) },
    { kind: "address", key: `address:${from.address}` },
    { kind: "account", key: accountKey(from.email) },
  ];
}

/** A sign-in refused before its password was checked; the message is for the person. */
export class SignInRefusedError extends Error {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super(message);
    this.name = "SignInRefusedError";
  }
}

const inWords = (ms: number) => {
  if (ms < 90_000) {
    const s = Math.max(1, Math.ceil(ms / 1000));
    return `${s} second${s === 1 ? "" : "s"}`;
  }
  const m = Math.ceil(ms / MINUTE);
  return `${m} minute${m === 1 ? "" : "s"}`;
};

async function refusalFor({ kind, key }: Key): Promise<SignInRefusedError> {
  const row = await readThrottle(key);
  const until = (kind === "account" ? row?.nextAttemptAt : row?.lockedUntil)?.getTime() ?? Date.now() + MINUTE;
  const wait = Math.max(1000, until - Date.now());
  const why = {
    pair: "for this account from this address",
    device: "for this account from this browser",
    address: "from this address",
    account: "for this account",
  }[kind];
  const locked = kind !== "account" && row?.lockedUntil && row.lockedUntil.getTime() > Date.now();
  const message = locked
    ? `Too many failed sign-ins ${why}: try again in ${inWords(wait)}. An admin can unlock it.`
    : `Too many sign-in attempts ${why}: wait ${inWords(wait)} and try again.`;
  return new SignInRefusedError(message, Math.ceil(wait / 1000));
}

export type Attempt = {
  /** The password was wrong: the attempt stays counted; true if this one locked a key. */
  failed(): Promise<boolean>;
  /** The password was right: the account-and-address (or device) count starts again; the others take it back. */
  succeeded(): Promise<void>;
};

/** Counts an attempt before its password is checked; throws SignInRefusedError when a limit says no. */
export async function beginAttempt(from: AttemptFrom): Promise<Attempt> {
  const keys = keysOf(from);
  const reserved: Key[] = [];
  for (const k of keys) {
    const limits = LIMITS[k.kind];
    const allowed = "free" in limits ? await reserveDelayed(k.key, limits) : await reserveLimited(k.key, limits);
    if (!allowed) {
      await Promise.all(reserved.map((r) => release(r.key))); // no password was checked
      throw await refusalFor(k);
    }
    reserved.push(k);
  }
  return {
    async failed() {
      const locked = await Promise.all(
        keys.map((k) => {
          const limits = LIMITS[k.kind];
          return "lockMs" in limits ? lockIfReached(k.key, limits) : false;
        }),
      );
      return locked.some(Boolean);
    },
    async succeeded() {
      const [own, ...others] = keys;
      await clearKeys([own.key]);
      await Promise.all(others.map((k) => release(k.key)));
    },
  };
}

/** Keys of this account's locks, from any address or device. */
const lockKeysOf = async (email: string) => [
  ...(await restrictedKeysStartingWith(`pair:${normal(email)}|`)),
  ...(await restrictedKeysStartingWith(`device:${normal(email)}|`)),
];

/** An admin's unlock: every lock and delay on this account, from any address or device. */
export async function unlockAccount(email: string): Promise<void> {
  const locks = await lockKeysOf(email);
  await clearKeys([accountKey(email), ...locks.map((k) => k.key)]);
}

/** The accounts locked now (from some address or device), by email, with until when: the users page offers Unlock. */
export async function lockedAccounts(): Promise<Map<string, Date>> {
  const rows = [...(await restrictedKeysStartingWith("pair:")), ...(await restrictedKeysStartingWith("device:"))];
  const accounts = new Map<string, Date>();
  for (const row of rows) {
    if (!row.lockedUntil) continue; // delayed, not locked
    const email = row.key.slice(row.key.indexOf(":") + 1, row.key.lastIndexOf("|"));
    if (!accounts.has(email) || accounts.get(email)! < row.lockedUntil) accounts.set(email, row.lockedUntil);
  }
  return accounts;
}
