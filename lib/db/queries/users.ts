// Users of the dashboard: sign-in lookup and the admin's user management.
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/client";
import { BCRYPT_COST, emailInput, textInput, UNSTORABLE_TEXT } from "@/lib/validation";
import { comparePassword, hashPassword } from "@/lib/password-workers";
import { endUserSessions } from "@/lib/db/queries/sessions";

export const ROLES = ["admin", "operator", "trader"] as const satisfies readonly Role[];
/** A real hash of nothing anyone can type: unknown emails cost as much as known ones. */
const DUMMY_HASH = "$2b$10$EwtBDttIOt7873m/4ydIsO2Kxm.wV4j4i.Z8HLAx1fXY7z1ebjOcC";

export const passwordSchema = z
  .string()
  .min(10, "at least 10 characters")
  .max(200)
  .refine((s) => !UNSTORABLE_TEXT.test(s), "contains a character that cannot be used (NUL or an unpaired surrogate)");
export const newUserSchema = z.object({
  email: emailInput,
  name: textInput(200).pipe(z.string().min(1, "a name")),
  role: z.enum(ROLES),
  password: passwordSchema,
});

export class UserError extends UserFacingError {}

const PUBLIC_FIELDS = { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true } as const;

/** The user for a sign-in attempt, or null (unknown email, wrong password, or disabled). */
export async function verifyCredentials(email: string, password: string) {
  const user = await prisma().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  // Compare against a dummy hash for unknown emails so that timing does not reveal which exist.
  const ok = await comparePassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export const getUser = (id: number) => prisma().user.findUnique({ where: { id }, select: PUBLIC_FIELDS });
export const listUsers = () =>
  prisma().user.findMany({ orderBy: [{ role: "asc" }, { email: "asc" }], select: PUBLIC_FIELDS });

export async function createUser(input: z.input<typeof newUserSchema>) {
  const data = newUserSchema.parse(input);
  if (await prisma().user.findUnique({ where: { email: data.email } }))
    throw new UserError(`${data.email} already has an account`);
  const passwordHash = await hashPassword(data.password, BCRYPT_COST);
  return prisma().user.create({
    data: { email: data.email, name: data.name, role: data.role, passwordHash },
    select: PUBLIC_FIELDS,
  });
}

async function update(id: number, data: Parameters<ReturnType<typeof prisma>["user"]["update"]>[0]["data"]) {
  const { count } = await prisma().user.updateMany({ where: { id }, data });
  if (count === 0) throw new UserError(`user ${id} was not found`);
}

/** Keeps at least one active admin, so nobody can lock everyone out. */
async function assertAnotherAdmin(id: number): Promise<void> {
  const others = await prisma().user.count({ where: { role: "admin", disabledAt: null, id: { not: id } } });
  if (others === 0) throw new UserError("this is the last active admin: make someone else admin first");
}

// A role change, a new password and disabling each end every session the user has: whoever holds
// one signs in again, as what they now are (or not at all).

export async function changeRole(id: number, role: Role): Promise<void> {
  const current = await getUser(id);
  if (current?.role === "admin" && role !== "admin") await assertAnotherAdmin(id);
  await update(id, { role });
  if (current?.role !== role) await endUserSessions(id, "role changed");
}

export async function resetPassword(id: number, password: string): Promise<void> {
  await update(id, { passwordHash: await hashPassword(passwordSchema.parse(password), BCRYPT_COST) });
  await endUserSessions(id, "password reset");
}

export async function setDisabled(id: number, disabled: boolean): Promise<void> {
  if (disabled && (await getUser(id))?.role === "admin") await assertAnotherAdmin(id);
  await update(id, { disabledAt: disabled ? new Date() : null });
  if (disabled) await endUserSessions(id, "user disabled");
}
