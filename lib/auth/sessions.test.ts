// Sessions end: signing out ends that one; a password reset, a role change or
// disabling ends all of the user's; none outlives eight hours from sign-in,
// however often it is refreshed. The jwt callback (what every request and
// GET /api/auth/session run) refuses an ended session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { changeRole, createUser, resetPassword, setDisabled } from "@/lib/db/queries/users";
import { authOptions } from "@/lib/auth/options";
import { SESSION_LIFETIME_MS } from "@/lib/auth/sessions";
import { env } from "@/lib/env";
import { resetData } from "@/test/reset";
import { query } from "@/test/sql";
import { refresh, signInAttempt, type SignedIn } from "@/test/sign-in";

const PASSWORD = "a good long password";
const ids: Record<string, number> = {};
const signIn = async (email: string, address = "192.0.2.1") =>
  (await signInAttempt(email, PASSWORD, { address, userAgent: "test-browser/1.0" }))!;
const sessionRow = async (s: SignedIn) =>
  (await query(env().DATABASE_URL, `SELECT * FROM sessions WHERE id = $1`, [s.sid]))[0];

beforeAll(async () => {
  await resetData();
  for (const email of ["a@x.test", "b@x.test", "other@x.test", "admin@x.test"]) {
    ids[email] = (
      await createUser({ email, name: email, role: email === "admin@x.test" ? "admin" : "trader", password: PASSWORD })
    ).id;
  }
});
afterAll(() => closeDb());

describe("sessions", () => {
  it("are recorded with who, from where and which browser", async () => {
    const s = await signIn("a@x.test");
    await refresh(s);
    expect(await sessionRow(s)).toMatchObject({
      user_id: ids["a@x.test"],
      address: "192.0.2.1",
      user_agent: "test-browser/1.0",
      ended_at: null,
    });
  });

  it("signing out ends that session only", async () => {
    const one = await signIn("a@x.test");
    const two = await signIn("a@x.test");
    await authOptions.events!.signOut!({ token: { uid: Number(one.id), sid: one.sid }, session: null as never });
    await expect(refresh(one)).rejects.toThrow(/session has ended/);
    await refresh(two);
  });

  it.each([
    ["a password reset", (id: number) => resetPassword(id, "another long password")],
    ["a role change", (id: number) => changeRole(id, "operator")],
    ["disabling the user", (id: number) => setDisabled(id, true)],
  ])("%s ends every session of that user, and no one else's", async (_, change) => {
    const email = "b@x.test";
    await query(env().DATABASE_URL, `UPDATE users SET disabled_at = NULL, role = 'trader' WHERE id = $1`, [ids[email]]);
    await resetPassword(ids[email], PASSWORD);
    const sessions = [await signIn(email, "192.0.2.1"), await signIn(email, "192.0.2.2")];
    const other = await signIn("other@x.test");
    await change(ids[email]);
    for (const s of sessions) await expect(refresh(s)).rejects.toThrow(/session has ended/);
    await refresh(other);
  });

  it("never outlive eight hours from sign-in, however often they are refreshed", async () => {
    const s = await signIn("other@x.test");
    const { started_at, expires_at } = await sessionRow(s);
    expect(expires_at.getTime() - started_at.getTime()).toBe(SESSION_LIFETIME_MS);
    await query(env().DATABASE_URL, `UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE id = $1`, [
      s.sid,
    ]);
    for (let i = 0; i < 3; i++) await refresh(s);
    expect((await sessionRow(s)).expires_at).toEqual(expires_at); // refreshing moved last_seen_at, not the end
    // Eight hours later (moved back rather than waited for):
    await query(
      env().DATABASE_URL,
      `UPDATE sessions SET started_at = started_at - interval '8 hours', expires_at = expires_at - interval '8 hours' WHERE id = $1`,
      [s.sid],
    );
    await expect(refresh(s)).rejects.toThrow(/session has ended/);
  });

  it("a cookie from before sessions were recorded (no session id) is refused", async () => {
    await expect(refresh({ id: String(ids["a@x.test"]), email: "a@x.test", sid: undefined as never })).rejects.toThrow(
      /session has ended/,
    );
  });
});
