"use server";
// The admin's user management: create, change role, reset password, disable.
import { z } from "zod";
import { ActionError, defineAction } from "@/lib/actions/action";
import { ADMINS } from "@/lib/auth/roles";
import { accountKey, clearAccount } from "@/lib/auth/throttle";
import { idSchema } from "@/lib/validation";
import {
  changeRole,
  createUser,
  newUserSchema,
  passwordSchema,
  resetPassword,
  ROLES,
  setDisabled,
} from "@/lib/db/queries/users";

const userId = { id: idSchema };

export const createUserAction = defineAction(
  { name: "user:create", roles: ADMINS, input: newUserSchema, revalidate: "/users" },
  async (input) => {
    const user = await createUser(input);
    return { ok: true, message: `${user.email} can now sign in as ${user.role}`, target: user.email };
  },
);
export const changeRoleAction = defineAction(
  { name: "user:role", roles: ADMINS, input: z.object({ ...userId, role: z.enum(ROLES) }), revalidate: "/users" },
  async ({ id, role }) => {
    await changeRole(id, role);
    return { ok: true, message: `Role changed to ${role}`, target: String(id) };
  },
);
export const resetPasswordAction = defineAction(
  {
    name: "user:reset-password",
    roles: ADMINS,
    input: z.object({ ...userId, password: passwordSchema }),
    revalidate: "/users",
  },
  async ({ id, password }) => {
    await resetPassword(id, password);
    return { ok: true, message: "Password reset", target: String(id) };
  },
);
export const setDisabledAction = defineAction(
  {
    name: "user:disable",
    roles: ADMINS,
    input: z.object({ ...userId, disabled: z.enum(["true", "false"]).transform((v) => v === "true") }),
    revalidate: "/users",
  },
  async ({ id, disabled }, admin) => {
    if (disabled && id === admin.id) throw new ActionError("You cannot disable your own account.");
    await setDisabled(id, disabled);
    return { ok: true, message: disabled ? "Account disabled" : "Account enabled", target: String(id) };
  },
);

export const unlockUserAction = defineAction(
  {
    name: "user:unlock",
    roles: ADMINS,
    input: z.object({ email: z.string().trim().toLowerCase().email().max(255) }),
    revalidate: "/users",
  },
  async ({ email }) => {
    await clearAccount(accountKey(email));
    return { ok: true, message: `${email} can sign in again`, target: email };
  },
);
