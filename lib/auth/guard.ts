// The one guard for pages, route handlers and server actions, driven by the
// table in lib/auth/roles.ts. Server actions and routes are public endpoints:
// each checks here, on the server, not only in proxy.ts.
import "server-only";
import { redirect } from "next/navigation";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { refusedPageTarget, rolesForPage, type PagePath, type Role, type RouteAccess } from "@/lib/auth/roles";
import { hasValidToken } from "@/lib/auth/api-token";

export type Refusal = { status: 401 | 403; message: string };

/** null when `user` may act with one of `roles`, else why not. */
export function refusal(user: SessionUser | null, roles: readonly Role[]): Refusal | null {
  if (!user) return { status: 401, message: "sign in first" };
  if (!roles.includes(user.role)) return { status: 403, message: `this needs the ${roles.join(" or ")} role` };
  return null;
}

/** For pages: signed out → /login; wrong role → /forbidden (or their start page). `path` is where to come back to. */
export async function requirePage(page: PagePath, path: string = page): Promise<SessionUser> {
  const user = await currentUser();
  const refused = refusal(user, rolesForPage(page));
  if (refused?.status === 401) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  if (refused) redirect(refusedPageTarget(page, user!.role, path));
  return user!;
}

/** For route handlers (lib/http/route.ts): null when the caller has `access`, else why not. */
export async function routeRefusal(
  request: Request,
  access: RouteAccess,
): Promise<(Refusal & { bearer?: boolean }) | null> {
  if (access.token && (request.headers.has("authorization") || access.roles.length === 0)) {
    if (hasValidToken(request, access.token)) return null;
    return { status: 401, message: "a valid bearer token is required here (Authorization: Bearer …)", bearer: true };
  }
  return refusal(await currentUser(), access.roles);
}
