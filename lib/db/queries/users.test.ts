import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { closeDb, prisma } from "@/lib/db/client";
import {
  changeRole,
  createUser,
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
});
