"use server";
// The admin's user management: create, change role, reset password, disable,
// unlock, and end a user's sessions.
import { z } from "zod";
import { ActionError, defineAction } from "@/lib/actions/action";
import { ADMINS } from "@/lib/auth/roles";
import { unlockAccount } from "@/lib/auth/throttle";
import { emailInput, idSchema } from "@/lib/validation";
import { endSession, endUserSessions, findLiveSession } from "@/lib/db/queries/sessions";
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
    input: z.object({ email: emailInput }),
    revalidate: "/users",
  },
  async ({ email }) => {
    await unlockAccount(email);
    return { ok: true, message: `${email} can sign in again`, target: email };
  },
);

export const endSignInSessionAction = defineAction(
  { name: "session:end", roles: ADMINS, input: z.object({ id: z.uuid() }), revalidate: "/users" },
  async ({ id }) => {
    const session = await findLiveSession(id);
    if (!session || (await endSession(id, "ended by an admin")) === 0)
      throw new ActionError("That session has already ended.");
    return { ok: true, message: "Session ended: that browser is signed out", target: `user ${session.userId}` };
  },
);

export const endAllSignInSessionsAction = defineAction(
  { name: "session:end-all", roles: ADMINS, input: z.object(userId), revalidate: "/users" },
  async ({ id }) => {
    const ended = await endUserSessions(id, "all ended by an admin");
    return { ok: true, message: `${ended} session${ended === 1 ? "" : "s"} ended`, target: String(id) };
  },
);
