// The signed-in user, read fresh from the database on every request, so that
// a changed role or a disabled account takes effect at once, not at expiry.
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getUser } from "@/lib/db/queries/users";
import { hasValidToken } from "@/lib/http/api-token";
import { authOptions } from "@/lib/auth/options";
import type { Role } from "@/lib/auth/roles";

export type SessionUser = { id: number; email: string; name: string; role: Role };

/** Memoised per request: the layout and the page ask, one lookup answers both. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const id = Number(session?.user?.id);
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const user = await getUser(id);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

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

/**
 * For machine-facing routes: a valid bearer token (scanner, Prometheus), or a
 * signed-in user with one of `roles`. Returns the response to send when neither.
 */
export async function requireTokenOrUser(request: Request, token: string | undefined, roles: Role[]): Promise<Response | null> {
  if (request.headers.has("authorization")) {
    return hasValidToken(request, token) ? null : Response.json({ error: "that token is not valid here" }, { status: 401, headers: { "www-authenticate": "Bearer" } });
  }
  const user = await requireApiUser(roles);
  return user instanceof Response ? user : null;
}
