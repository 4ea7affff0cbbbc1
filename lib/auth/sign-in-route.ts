// What stands in front of next-auth's own handler (app/api/auth): a sign-in
// body is at most SIGN_IN_MAX_BYTES, refused with 413 before anything parses
// it; password checks are admitted up to a bounded number at once, and a
// flood beyond that is answered 429 with Retry-After in microseconds, not
// queued behind bcrypt; a good sign-in leaves a device cookie for this
// account (lib/auth/device-cookie.ts). Refusals are JSON of the shape
// next-auth's client reads ({ url } with an error), so the form shows them.
import { NextRequest } from "next/server";
import { deviceCookieHeader } from "@/lib/auth/device-cookie";
import { env } from "@/lib/env";
import { readBodyBytes } from "@/lib/http/body";
import { emailInput } from "@/lib/validation";

export const SIGN_IN_MAX_BYTES = 16 * 1024;
/** Sign-ins in progress per app instance, as a multiple of SIGN_IN_CONCURRENCY: the rest wait on the workers. */
const ADMITTED_PER_WORKER = 4;
const BUSY_RETRY_AFTER_S = 2;

type Context = { params: Promise<{ nextauth: string[] }> };
type Handler = (request: NextRequest, context: Context) => Promise<Response>;

let inProgress = 0;

function refusal(request: Request, status: 413 | 429, message: string, headers: HeadersInit = {}): Response {
  const url = new URL("/login", request.url);
  url.searchParams.set("error", message);
  return Response.json(
    { url: url.toString(), error: message },
    { status, headers: { "cache-control": "no-store", ...headers } },
  );
}

/** The request again, with the body already read. */
const again = (request: NextRequest, body: Buffer) =>
  new NextRequest(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body) });

const signedIn = (response: Response) =>
  response.headers.getSetCookie().some((c) => /^(__Secure-)?next-auth\.session-token(\.\d+)?=[^;]/.test(c));

async function credentialsSignIn(request: NextRequest, body: Buffer, context: Context, handler: Handler) {
  if (inProgress >= env().SIGN_IN_CONCURRENCY * ADMITTED_PER_WORKER) {
    return refusal(request, 429, "Too many sign-ins at once on this server: try again in a few seconds.", {
      "retry-after": String(BUSY_RETRY_AFTER_S),
    });
  }
  inProgress += 1;
  let response: Response;
  try {
    response = await handler(again(request, body), context);
  } finally {
    inProgress -= 1;
  }
  const email = emailInput.safeParse(new URLSearchParams(body.toString("utf8")).get("email"));
  if (email.success && signedIn(response)) {
    response.headers.append("set-cookie", deviceCookieHeader(email.data, new URL(request.url).protocol === "https:"));
  }
  return response;
}

export function signInRoute(handler: Handler): Handler {
  return async (request, context) => {
    if (request.method !== "POST") return handler(request, context);
    const body = await readBodyBytes(request, SIGN_IN_MAX_BYTES);
    if (!body) return refusal(request, 413, `The sign-in request is larger than ${SIGN_IN_MAX_BYTES / 1024} KB.`);
    if (new URL(request.url).pathname.endsWith("/callback/credentials"))
      return credentialsSignIn(request, body, context, handler);
    return handler(again(request, body), context);
  };
}
