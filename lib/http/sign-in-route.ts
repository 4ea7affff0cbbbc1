// What stands in front of next-auth's own handler (app/api/auth): a sign-in
// body is at most SIGN_IN_MAX_BYTES, refused with 413 before anything parses
// it; a good sign-in leaves a device cookie for this account
// (lib/auth/device-cookie.ts). (How many sign-ins run at once is bounded
// earlier, by the front door: lib/front-door/sign-in-admission.ts.) Refusals
// are JSON of the shape next-auth's client reads ({ url } with an error).
import { NextRequest } from "next/server";
import { deviceCookieHeader } from "@/lib/auth/device-cookie";
import { env } from "@/lib/env";
import { readBodyBytes } from "@/lib/http/body";
import { emailInput } from "@/lib/validation";

export const SIGN_IN_MAX_BYTES = 16 * 1024;

type Context = { params: Promise<{ nextauth: string[] }> };
type Handler = (request: NextRequest, context: Context) => Promise<Response>;

function tooLarge(request: Request): Response {
  const message = `The sign-in request is larger than ${SIGN_IN_MAX_BYTES / 1024} KB.`;
  const url = new URL("/login", request.url);
  url.searchParams.set("error", message);
  return Response.json(
    { url: url.toString(), error: message },
    { status: 413, headers: { "cache-control": "no-store" } },
  );
}

/** The request again, with the body already read. */
const again = (request: NextRequest, body: Buffer) =>
  new NextRequest(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body) });

const signedIn = (response: Response) =>
  response.headers.getSetCookie().some((c) => /^(__Secure-)?next-auth\.session-token(\.\d+)?=[^;]/.test(c));

export function signInRoute(handler: Handler): Handler {
  return async (request, context) => {
    if (request.method !== "POST") return handler(request, context);
    const body = await readBodyBytes(request, SIGN_IN_MAX_BYTES);
    if (!body) return tooLarge(request);
    const response = await handler(again(request, body), context);
    if (new URL(request.url).pathname.endsWith("/callback/credentials") && signedIn(response)) {
      const email = emailInput.safeParse(new URLSearchParams(body.toString("utf8")).get("email"));
      if (email.success) {
        // Secure exactly when next-auth's own cookies are: the site's address is https.
        const secure = env().NEXTAUTH_URL?.startsWith("https:") ?? false;
        response.headers.append("set-cookie", deviceCookieHeader(email.data, secure));
      }
    }
    return response;
  };
}
