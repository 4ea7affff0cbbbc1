// Signed-out visitors go to /login from every page. This is only the first
// gate: every page, action and route handler checks the user and role itself.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";

export async function proxy(request: NextRequest) {
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
