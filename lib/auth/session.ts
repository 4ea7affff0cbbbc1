// The signed-in user, read fresh from the database on every request, so that
// a changed role or a disabled account takes effect at once, not at expiry.
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getUser } from "@/lib/db/queries/users";
import { authOptions } from "@/lib/auth/options";
import type { Role } from "@/lib/auth/roles";

export type SessionUser = { id: number; email: string; name: string; role: Role };

export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = Number(session?.user?.id);
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const user = await getUser(id);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** For pages: signed out → /login; wrong role → /forbidden. */
export async function requirePageUser(roles: Role[], path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  if (!roles.includes(user.role)) redirect(`/forbidden?from=${encodeURIComponent(path)}`);
  return user;
}

/** For route handlers: the user, or the 401/403 response to return. */
export async function requireApiUser(roles: Role[]): Promise<SessionUser | Response> {
  const user = await currentUser();
  if (!user) return Response.json({ error: "sign in first" }, { status: 401 });
  if (!roles.includes(user.role)) return Response.json({ error: `this needs the ${roles.join(" or ")} role` }, { status: 403 });
  return user;
}
