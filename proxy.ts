// Signed-out visitors go to /login from every page. This is only the first
// gate: every page, action and route handler checks the user and role itself.
// A page address with empty parameters (a filter form's unset fields) is sent
// to the same address without them first.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { cleanedUrl, QUERY_DEFAULTS } from "@/lib/http/clean-query";

export async function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const clean =
    request.method === "GET" && cleanedUrl(pathname, Object.fromEntries(searchParams), QUERY_DEFAULTS[pathname]);
  if (clean) return NextResponse.redirect(new URL(clean, request.url), 307);
  const token = await getToken({ req: request, secret: env().NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Not: the sign-in page, next-auth, the machine-facing APIs (they answer 401 themselves), assets.
  matcher: ["/((?!login|api/|_next/static|_next/image|favicon.svg|robots.txt).*)"],
};
