// Sign-in throttling through next-auth's own authorize: concurrent guesses
// check at most the limit; one address guessing at many accounts is stopped;
// an attacker's failures lock only their own address (the account is only
// slowed) and never a browser holding a device cookie; an admin's unlock
// clears every lock on the account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, prisma } from "@/lib/db/client";
import { createUser } from "@/lib/db/queries/users";
import { newDeviceCookie, deviceCookieName } from "@/lib/auth/device-cookie";
import { LIMITS, unlockAccount } from "@/lib/auth/throttle";
import { resetData } from "@/test/reset";
import { query } from "@/test/sql";
import { env } from "@/lib/env";
import { signInAttempt as attempt } from "@/test/sign-in";

const RIGHT = "the right password";
const outcomes = async (email: string) =>
  (await prisma().auditLog.findMany({ where: { actor: email, action: "sign-in" } })).map((a) => a.outcome);
const settle = <T>(work: Promise<T>) =>
  work.then(
    (value) => ({ ok: true as const, value }),
    (error: Error) => ({ ok: false as const, error: error.message }),
  );

beforeAll(async () => {
  await resetData();
  const emails = ["victim@x.test", "admin@x.test", ...Array.from({ length: 40 }, (_, i) => `user${i}@x.test`)];
  for (const email of emails) await createUser({ email, name: email, role: "trader", password: RIGHT });
});
beforeEach(() => query(env().DATABASE_URL, "TRUNCATE sign_in_throttles, audit_logs"));
afterAll(() => closeDb());

describe("sign-in throttling", () => {
  it("checks at most five of thirty wrong passwords sent at once", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => settle(attempt("victim@x.test", `guess ${i}`, { address: "10.0.0.1" }))),
    );
    const checked = (await outcomes("victim@x.test")).filter((o) => o === "failed");
    expect(checked.length).toBeLessThanOrEqual(LIMITS.pair.max);
    expect(results.filter((r) => !r.ok).length).toBeGreaterThanOrEqual(30 - LIMITS.pair.max);
    await expect(attempt("victim@x.test", RIGHT, { address: "10.0.0.1" })).rejects.toThrow(
      /^Too many failed sign-ins for this account from this address: try again in 15 minutes\. An admin can unlock it\.$/,
    );
  });

  it("lets the right password in only if it is among the five checked of a burst of twenty", async () => {
    const burst = [...Array.from({ length: 19 }, (_, i) => `guess ${i}`), RIGHT];
    await Promise.all(burst.map((password) => settle(attempt("victim@x.test", password, { address: "10.0.0.2" }))));
    const checked = (await outcomes("victim@x.test")).filter((o) => o === "failed" || o === "ok");
    expect(checked.length).toBeLessThanOrEqual(LIMITS.pair.max);
  });

  it("stops one address guessing at forty accounts after twenty failures", async () => {
    const results = [];
    for (let i = 0; i < 40; i++)
      results.push(await settle(attempt(`user${i}@x.test`, "Winter2026!", { address: "203.0.113.7" })));
    expect(results.slice(0, LIMITS.address.max).every((r) => r.ok && r.value === null)).toBe(true);
    expect(results.slice(LIMITS.address.max + 1).every((r) => !r.ok && /from this address/.test(r.error))).toBe(true);
    expect(await attempt("user39@x.test", RIGHT, { address: "203.0.113.8" })).toMatchObject({ email: "user39@x.test" });
  });

  it("an attacker's failures lock only their own address; the account is at most slowed, never locked", async () => {
    for (let i = 0; i < 5; i++)
      expect(await attempt("admin@x.test", `guess ${i}`, { address: "198.51.100.1" })).toBeNull();
    await expect(attempt("admin@x.test", RIGHT, { address: "198.51.100.1" })).rejects.toThrow(/from this address/);
    // From their own address the admin signs in (the sixth attempt on the account passes; the next waits a second).
    expect(await attempt("admin@x.test", RIGHT, { address: "192.0.2.10" })).toMatchObject({ email: "admin@x.test" });
  });

  it("a browser with the account's device cookie is not slowed or locked by failures from elsewhere", async () => {
    const cookie = `${deviceCookieName(false)}=${newDeviceCookie("admin@x.test")}`;
    // The attacker spreads guesses over addresses: after five, each must wait (1 s, 2 s, …).
    const spread = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        settle(attempt("admin@x.test", `guess ${i}`, { address: `198.51.100.${i + 2}` })),
      ),
    );
    expect(
      spread.some((r) => !r.ok && /Too many sign-in attempts for this account: wait \d+ seconds?/.test(r.error)),
    ).toBe(true);
    await expect(attempt("admin@x.test", RIGHT, { address: "192.0.2.10" })).rejects.toThrow(/wait/);
    // The admin's own browser, from the same address as the attacker even, is not.
    expect(await attempt("admin@x.test", RIGHT, { address: "198.51.100.2", cookie })).toMatchObject({
      email: "admin@x.test",
    });
    // A forged or another account's device cookie counts for nothing.
    const forged = `${deviceCookieName(false)}=${newDeviceCookie("user1@x.test")}`;
    await expect(attempt("admin@x.test", RIGHT, { address: "192.0.2.10", cookie: forged })).rejects.toThrow(/wait/);
  });

  it("an admin's unlock clears the account's locks and its delay", async () => {
    for (let i = 0; i < 5; i++)
      expect(await attempt("victim@x.test", `guess ${i}`, { address: "10.1.0.1" })).toBeNull();
    expect(await attempt("victim@x.test", "guess 6", { address: "10.1.0.2" })).toBeNull(); // the account now waits
    await expect(attempt("victim@x.test", RIGHT, { address: "10.1.0.1" })).rejects.toThrow(/locked|try again/i);
    await unlockAccount("victim@x.test");
    expect(await attempt("victim@x.test", RIGHT, { address: "10.1.0.1" })).toMatchObject({ email: "victim@x.test" });
  });
});
