// Sign-in throttling, through next-auth's own authorize: five failures lock
// the account (or the address) for fifteen minutes, the lock is audited and
// says so in words, and an admin's unlock lets the right password in again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, prisma } from "@/lib/db/client";
import { createUser } from "@/lib/db/queries/users";
import { authOptions } from "@/lib/auth/options";
import { accountKey, clearAccount } from "@/lib/auth/throttle";
import { resetData } from "@/test/reset";

type Authorize = (input: Record<string, string>, request: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
const attempt = (email: string, password: string, address: string) =>
  authorize({ email, password }, { headers: { "x-forwarded-for": address } });

beforeAll(async () => {
  await resetData();
  for (const email of ["victim@x.test", "a@x.test", "b@x.test", "c@x.test"]) {
    await createUser({ email, name: email, role: "trader", password: "the right password" });
  }
});
afterAll(() => closeDb());

describe("sign-in throttling", () => {
  it("locks an account after five wrong passwords, from any addresses, until an admin unlocks it", async () => {
    for (let i = 1; i <= 4; i++) expect(await attempt("victim@x.test", `guess ${i}`, `10.0.0.${i}`)).toBeNull();
    expect(await attempt("victim@x.test", "the right password", "10.0.0.9")).toMatchObject({ email: "victim@x.test" }); // 4 do not lock…
    for (let i = 1; i <= 5; i++) expect(await attempt("victim@x.test", `guess ${i}`, `10.0.1.${i}`)).toBeNull(); // …5 do
    await expect(attempt("victim@x.test", "the right password", "10.0.2.1")).rejects.toThrow(
      /^Too many failed sign-ins: this account is locked for 15 more minutes\. An admin can unlock it\.$/,
    );
    const audit = await prisma().auditLog.findMany({ where: { actor: "victim@x.test", outcome: "denied" } });
    expect(audit.map((a) => a.action)).toEqual(["sign-in"]);
    await clearAccount(accountKey("victim@x.test"));
    expect(await attempt("victim@x.test", "the right password", "10.0.2.1")).toMatchObject({ email: "victim@x.test" });
  });

  it("locks an address that guesses at many accounts", async () => {
    for (const [i, email] of ["a@x.test", "b@x.test", "a@x.test", "b@x.test", "a@x.test"].entries()) {
      expect(await attempt(email, `wrong ${i}`, "203.0.113.7")).toBeNull();
    }
    await expect(attempt("c@x.test", "the right password", "203.0.113.7")).rejects.toThrow(/from this address/);
    expect(await attempt("c@x.test", "the right password", "203.0.113.8")).toMatchObject({ email: "c@x.test" });
  });
});
