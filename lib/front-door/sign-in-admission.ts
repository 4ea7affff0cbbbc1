// Password checks are the one expensive thing an anonymous client can ask
// for. The front door admits a bounded number of sign-ins at once (a few per
// password worker, SIGN_IN_CONCURRENCY); the rest are answered 429 with
// Retry-After here, in microseconds, before Next or the database see them,
// so a flood of sign-ins cannot slow the pages and health checks of everyone
// else. The answer is JSON of the shape next-auth's client reads, so the
// sign-in form shows the sentence.
import type { IncomingMessage, ServerResponse } from "node:http";

export const SIGN_IN_PATH = "/api/auth/callback/credentials";
/** Sign-ins in progress per password worker: the rest of them wait for a worker. */
export const ADMITTED_PER_WORKER = 4;
const RETRY_AFTER_S = 2;
export const BUSY_MESSAGE = "Too many sign-ins at once on this server: try again in a few seconds.";

export function signInAdmission(workers: number, siteUrl: string | undefined) {
  let inProgress = 0;
  const capacity = workers * ADMITTED_PER_WORKER;
  /** True when the request was answered here (too many at once); else it is counted until its answer ends. */
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (inProgress >= capacity) {
      const login = new URL("/login", siteUrl ?? `http://${request.headers.host ?? "localhost"}`);
      login.searchParams.set("error", BUSY_MESSAGE);
      response.writeHead(429, {
        "content-type": "application/json",
        "cache-control": "no-store",
        "retry-after": String(RETRY_AFTER_S),
      });
      response.end(JSON.stringify({ url: login.toString(), error: BUSY_MESSAGE }));
      return true;
    }
    inProgress += 1;
    response.once("close", () => (inProgress -= 1));
    return false;
  };
}
