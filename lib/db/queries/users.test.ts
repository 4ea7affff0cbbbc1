import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { closeDb, prisma } from "@/lib/db/client";
import {
  changeRole,
  createUser,
  findUserByRef,
  listUsersPage,
  USERS_PAGE_SIZE,
  resetPassword,
  setDisabled,
  UserError,
  verifyCredentials,
} from "@/lib/db/queries/users";
import { resetData } from "@/test/reset";

let admin: number;
let trader: number;

beforeAll(async () => {
  await resetData();
  admin = (await createUser({ email: " Admin@X.test ", name: "Ada", role: "admin", password: "correct horse battery" }))
    .id;
  trader = (await createUser({ email: "trader@x.test", name: "Tess", role: "trader", password: "another good one" }))
    .id;
});
afterAll(() => closeDb());

describe("users", () => {
  it("stores emails in lower case and passwords only as bcrypt hashes", async () => {
    const row = await prisma().user.findUniqueOrThrow({ where: { id: admin } });
    expect(row.email).toBe("admin@x.test");
    expect(row.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });

  it("signs in with the right password only, in any email case", async () => {
    expect(await verifyCredentials("ADMIN@x.test", "correct horse battery")).toMatchObject({
      id: admin,
      role: "admin",
    });
    expect(await verifyCredentials("admin@x.test", "wrong password")).toBeNull();
    expect(await verifyCredentials("nobody@x.test", "correct horse battery")).toBeNull();
  });

  it("refuses a duplicate email and a short password", async () => {
    await expect(
      createUser({ email: "trader@x.test", name: "T2", role: "trader", password: "long enough pw" }),
    ).rejects.toThrow(UserError);
    await expect(createUser({ email: "new@x.test", name: "N", role: "trader", password: "short" })).rejects.toThrow(
      ZodError,
    );
  });

  it("a disabled account cannot sign in until enabled again", async () => {
    await setDisabled(trader, true);
    expect(await verifyCredentials("trader@x.test", "another good one")).toBeNull();
    await setDisabled(trader, false);
    expect(await verifyCredentials("trader@x.test", "another good one")).not.toBeNull();
  });

  it("resets a password", async () => {
    await resetPassword(trader, "a brand new password");
    expect(await verifyCredentials("trader@x.test", "another good one")).toBeNull();
    expect(await verifyCredentials("trader@x.test", "a brand new password")).not.toBeNull();
  });

  it("never leaves the dashboard without an active admin", async () => {
    await expect(changeRole(admin, "trader")).rejects.toThrow("this is the last active admin");
    await expect(setDisabled(admin, true)).rejects.toThrow("this is the last active admin");
    await changeRole(trader, "admin");
    await changeRole(admin, "operator");
    expect((await prisma().user.findUniqueOrThrow({ where: { id: admin } })).role).toBe("operator");
    await expect(changeRole(9999, "trader")).rejects.toThrow("user 9999 was not found");
  });

  it("lists users a page at a time in e-mail order, forwards and back, filtered and counted up to a cap", async () => {
    await prisma().user.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        email: `page-${String(i).padStart(3, "0")}@x.test`,
        name: i % 2 ? "Odd One" : "Even One",
        role: "trader" as const,
        passwordHash: "x",
      })),
    });
    const first = await listUsersPage({ q: "page-" }, 1000);
    expect(first.items.map((u) => u.email)).toEqual(
      Array.from({ length: USERS_PAGE_SIZE }, (_, i) => `page-${String(i).padStart(3, "0")}@x.test`),
    );
    expect(first).toMatchObject({ total: 120, prevCursor: null });
    const second = await listUsersPage({ q: "page-", cursor: first.nextCursor! }, 1000);
    expect(second.items[0].email).toBe(`page-${String(USERS_PAGE_SIZE).padStart(3, "0")}@x.test`);
    const third = await listUsersPage({ q: "page-", cursor: second.nextCursor! }, 1000);
    expect(third.items).toHaveLength(120 - 2 * USERS_PAGE_SIZE);
    expect(third.nextCursor).toBeNull();
    const back = await listUsersPage({ q: "page-", before: third.prevCursor! }, 1000);
    expect(back.items.map((u) => u.email)).toEqual(second.items.map((u) => u.email));
    const backToFirst = await listUsersPage({ q: "page-", before: back.prevCursor! }, 1000);
    expect(backToFirst.items.map((u) => u.email)).toEqual(first.items.map((u) => u.email));
    expect(backToFirst.prevCursor).toBeNull();

    expect((await listUsersPage({ q: "ODD ONE" }, 1000)).total).toBe(60); // by name, in any case
    expect((await listUsersPage({ role: "trader", q: "page-" }, 1000)).total).toBe(120);
    expect((await listUsersPage({ role: "admin", q: "page-" }, 1000)).total).toBe(0);
    expect((await listUsersPage({ q: "page-" }, 100)).total).toBe(101); // counted no further than the cap allows
  });

  it("finds the user a filter names, by id or e-mail in any case", async () => {
    expect((await findUserByRef(String(trader)))?.email).toBe("trader@x.test");
    expect((await findUserByRef(" TRADER@x.test "))?.id).toBe(trader);
    expect(await findUserByRef("nobody@x.test")).toBeNull();
    expect(await findUserByRef("99999999")).toBeNull();
  });
});
