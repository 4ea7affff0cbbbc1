"use server";
// The admin's user management: create, change role, reset password, disable.
import { z } from "zod";
import { ActionError, defineAction, refreshOnSuccess, type ActionState } from "@/lib/actions/action";
import { ADMINS } from "@/lib/auth/roles";
import { changeRole, createUser, newUserSchema, passwordSchema, resetPassword, ROLES, setDisabled } from "@/lib/db/queries/users";

const userId = { id: z.coerce.number().int().positive() };

const create = defineAction({ name: "user:create", roles: ADMINS, input: newUserSchema }, async (input) => {
  const user = await createUser(input);
  return { ok: true, message: `${user.email} can now sign in as ${user.role}`, target: user.email };
});
const role = defineAction({ name: "user:role", roles: ADMINS, input: z.object({ ...userId, role: z.enum(ROLES) }) }, async ({ id, role }) => {
  await changeRole(id, role);
  return { ok: true, message: `Role changed to ${role}`, target: String(id) };
});
const password = defineAction({ name: "user:reset-password", roles: ADMINS, input: z.object({ ...userId, password: passwordSchema }) }, async ({ id, password }) => {
  await resetPassword(id, password);
  return { ok: true, message: "Password reset", target: String(id) };
});
const disable = defineAction(
  { name: "user:disable", roles: ADMINS, input: z.object({ ...userId, disabled: z.enum(["true", "false"]).transform((v) => v === "true") }) },
  async ({ id, disabled }, admin) => {
    if (disabled && id === admin.id) throw new ActionError("You cannot disable your own account.");
    await setDisabled(id, disabled);
    return { ok: true, message: disabled ? "Account disabled" : "Account enabled", target: String(id) };
  },
);

export async function createUserAction(previous: ActionState | null, formData: FormData) {
  return refreshOnSuccess("/users", create(previous, formData));
}
export async function changeRoleAction(previous: ActionState | null, formData: FormData) {
  return refreshOnSuccess("/users", role(previous, formData));
}
export async function resetPasswordAction(previous: ActionState | null, formData: FormData) {
  return refreshOnSuccess("/users", password(previous, formData));
}
export async function setDisabledAction(previous: ActionState | null, formData: FormData) {
  return refreshOnSuccess("/users", disable(previous, formData));
}
