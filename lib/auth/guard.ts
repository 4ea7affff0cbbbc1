// The one guard for pages, route handlers and server actions, driven by the
// table in lib/auth/roles.ts. Server actions and routes are public endpoints:
// each checks here, on the server, not only in proxy.ts.
import "server-only";
import { redirect } from "next/navigation";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { rolesForPage, ROUTES, type PagePath, type Role, type RoutePath } from "@/lib/auth/roles";
import { hasValidToken } from "@/lib/http/api-token";

export type Refusal = { status: 401 | 403; message: string };

/** null when `user` may act with one of `roles`, else why not. */
export function refusal(user: SessionUser | null, roles: readonly Role[]): Refusal | null {
  if (!user) return { status: 401, message: "sign in first" };
  if (!roles.includes(user.role)) return { status: 403, message: `this needs the ${roles.join(" or ")} role` };
  return null;
}

/** For pages: signed out → /login; wrong role → /forbidden. `path` is where to come back to. */
export async function requirePage(page: PagePath, path: string = page): Promise<SessionUser> {
  const user = await currentUser();
  const refused = refusal(user, rolesForPage(page));
  if (refused?.status === 401) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  if (refused) redirect(`/forbidden?from=${encodeURIComponent(path)}`);
  return user!;
}

/**
 * For route handlers: null when the caller may go on (a valid bearer token
 * where the route accepts one, or a signed-in user of an allowed role), else
 * the 401/403 response to send.
 */
export async function requireRouteUser(request: Request, route: RoutePath): Promise<Response | null> {
  const refused = await routeRefusal(request, route);
  if (!refused) return null;
  const headers: HeadersInit = refused.bearer ? { "www-authenticate": "Bearer" } : {};
  return Response.json({ error: refused.message }, { status: refused.status, headers });
}

/** null when the caller may use `route`, else why not (for routes that answer everyone, but not alike). */
export async function routeRefusal(
  request: Request,
  route: RoutePath,
): Promise<(Refusal & { bearer?: boolean }) | null> {
  const rule: { roles: readonly Role[]; token?: Parameters<typeof hasValidToken>[1] } = ROUTES[route];
  if (rule.token && (request.headers.has("authorization") || rule.roles.length === 0)) {
    if (hasValidToken(request, rule.token)) return null;
    return { status: 401, message: "a valid bearer token is required here (Authorization: Bearer …)", bearer: true };
  }
  return refusal(await currentUser(), rule.roles);
}
