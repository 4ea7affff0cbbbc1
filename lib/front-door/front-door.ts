// Everything a request meets before Next: the client's address set from the
// socket (or the proxies we trust), headers only a trusted proxy may send
// dropped, HSTS on an https site, read-only static files, sign-ins admitted
// a few at a time (sign-in-admission.ts), and server-action bodies checked
// (action-request.ts). What is refused here is
// answered in plain text with a reference, as the app's own refusals are.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  ACTION_MAX_BYTES,
  checkActionBody,
  checkActionHeaders,
  isActionRequest,
  tooLarge,
  type Refusal,
} from "./action-request";
import { clientAddress, CLIENT_ADDRESS_HEADER, PROXY_HEADERS } from "./client-address";
import { methodRefusal } from "./methods";
import { readBody, replay } from "./replay";
import { SIGN_IN_PATH, signInAdmission } from "./sign-in-admission";

export type FrontDoorOptions = {
  /** How many proxies in front of the app append to X-Forwarded-For (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
  /** Send Strict-Transport-Security (the site is served over https). */
  hsts: boolean;
  publicFiles: Set<string>;
  /** Password-check workers (SIGN_IN_CONCURRENCY): sign-ins admitted at once are a few per worker. */
  signInWorkers: number;
  /** The site's address (NEXTAUTH_URL), for the sign-in form's error link. */
  siteUrl?: string;
  /** Told of each refusal (the server logs it). */
  onRefusal?: (request: IncomingMessage, refusal: Refusal, reference: string) => void;
};

type Handle = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const HSTS = "max-age=31536000; includeSubDomains";

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Sets the client's address; without a trusted proxy, drops the headers only a proxy may set. */
export function setClientAddress(request: IncomingMessage, hops: number): string {
  const address = clientAddress(request.socket.remoteAddress, asList(request.headers["x-forwarded-for"]), hops);
  if (hops === 0) for (const name of PROXY_HEADERS) delete request.headers[name];
  request.headers[CLIENT_ADDRESS_HEADER] = address;
  return address;
}

function refuse(response: ServerResponse, refusal: Refusal, reference: string, extra: Record<string, string> = {}) {
  response.statusCode = refusal.status;
  response.setHeader("content-type", "text/plain; charset=utf-8");
  response.setHeader("cache-control", "no-store");
  for (const [name, value] of Object.entries(extra)) response.setHeader(name, value);
  response.end(`Refused: ${refusal.message} (reference ${reference}).\n`);
}

export function frontDoor(options: FrontDoorOptions, handle: Handle): Handle {
  const refused = (
    request: IncomingMessage,
    response: ServerResponse,
    refusal: Refusal,
    extra?: Record<string, string>,
  ) => {
    const reference = randomBytes(4).toString("hex");
    options.onRefusal?.(request, refusal, reference);
    refuse(response, refusal, reference, extra);
  };
  const admitSignIn = signInAdmission(options.signInWorkers, options.siteUrl);
  return async (request, response) => {
    setClientAddress(request, options.trustedProxyHops);
    if (options.hsts) response.setHeader("strict-transport-security", HSTS);
    const pathname = (request.url ?? "/").split("?")[0];
    const wrongMethod = methodRefusal(request.method, pathname, options.publicFiles);
    if (wrongMethod) return refused(request, response, wrongMethod, { allow: wrongMethod.allow });
    if (request.method === "POST" && pathname === SIGN_IN_PATH && admitSignIn(request, response)) return;
    if (
      pathname.startsWith("/api/") ||
      pathname.startsWith("/_next/") ||
      !isActionRequest(request.method, request.headers)
    )
      return handle(request, response);
    const before = checkActionHeaders(request.headers);
    if (before) {
      request.resume(); // read and dropped (bounded by the request timeout), so the client can read the answer
      return refused(request, response, before);
    }
    const body = await readBody(request, ACTION_MAX_BYTES);
    if (body === "too large") {
      request.resume(); // the rest too
      return refused(request, response, tooLarge);
    }
    if (!body) return void request.destroy(); // the client stopped sending
    const after = await checkActionBody(request.headers, body);
    if (after) return refused(request, response, after);
    return handle(replay(request, body), response);
  };
}
