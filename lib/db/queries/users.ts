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

export const USERS_PAGE_SIZE = 50;

/** The users page's filters and page: e-mail or name containing `q`, one role, pages by e-mail. */
export const usersPageParams = z
  .object({
    q: z.string().trim().max(200).optional(),
    role: z.enum(ROLES).optional(),
    /** The last e-mail of the previous page (next page), or the first of the following one (going back). */
    cursor: z.string().max(320).optional(),
    before: z.string().max(320).optional(),
  })
  .refine((p) => !(p.cursor && p.before), { message: "give cursor or before, not both", path: ["before"] });

/**
 * One page of users in e-mail order (the unique index on email serves it at
 * any number of users), and how many match, counted up to `countCap`.
 */
export async function listUsersPage(input: z.input<typeof usersPageParams>, countCap: number) {
  const p = usersPageParams.parse(input);
  const where = {
    ...(p.role ? { role: p.role } : {}),
    ...(p.q
      ? {
          OR: [
            { email: { contains: p.q, mode: "insensitive" as const } },
            { name: { contains: p.q, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const backwards = Boolean(p.before);
  const [found, total] = await Promise.all([
    prisma().user.findMany({
      where: { ...where, ...(p.cursor ? { email: { gt: p.cursor } } : p.before ? { email: { lt: p.before } } : {}) },
      orderBy: { email: backwards ? "desc" : "asc" },
      take: USERS_PAGE_SIZE + 1,
      select: PUBLIC_FIELDS,
    }),
    prisma().user.count({ where, take: countCap + 1 }),
  ]);
  const more = found.length > USERS_PAGE_SIZE;
  const items = found.slice(0, USERS_PAGE_SIZE);
  if (backwards) {
    items.reverse();
    return { items, total, prevCursor: more ? items[0].email : null, nextCursor: items.at(-1)?.email ?? null };
  }
  return {
    items,
    total,
    prevCursor: p.cursor ? (items[0]?.email ?? null) : null,
    nextCursor: more ? items.at(-1)!.email : null,
  };
}

/**
 * The user a filter names, by id or e-mail ("7" or "trader@legendai.local"):
 * lists filter by a typed name, not a menu of every user (there may be tens of thousands).
 */
export async function findUserByRef(ref: string) {
  const trimmed = ref.trim();
  if (/^\d{1,9}$/.test(trimmed))
    return prisma().user.findUnique({ where: { id: Number(trimmed) }, select: PUBLIC_FIELDS });
  if (trimmed.length > 320) return null;
  return prisma().user.findUnique({ where: { email: trimmed.toLowerCase() }, select: PUBLIC_FIELDS });
}

/** A few accounts to suggest in a user field: the staff first, then others, by e-mail. */
export const suggestedUsers = (limit = 50) =>
  prisma().user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    take: limit,
    select: { id: true, email: true },
  });

/** The e-mails of some users (the sessions table names whose session each is). */
export async function emailsOf(ids: number[]): Promise<Map<number, string>> {
  const users = await prisma().user.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, email: true },
  });
  return new Map(users.map((u) => [u.id, u.email]));
}

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
