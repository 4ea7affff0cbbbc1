// How every route handler answers what went wrong, in one place: bad input is
// a 4xx naming the field; a database that is down or not answering, a lock
// that was not granted or a statement over the limit is a 503 with
// Retry-After that says which (one log line per burst for an outage); anything unexpected is a 500 with
// a reference to find it in the log, never a stack trace. Answers are not
// cached by browsers or proxies unless the handler says otherwise.
import { randomBytes } from "node:crypto";
import { diagnoseDatabaseError } from "@/lib/db/diagnose";
import { logUnavailable } from "@/lib/db/errors";
import { InvalidInputError } from "@/lib/errors";
import { json } from "@/lib/http/responses";
import { logger } from "@/lib/log/logger";
import { maskSecrets } from "@/lib/mask";

const log = logger("route");
export const RETRY_AFTER_S = 5;

/** A short id that ties an answer to its log line. */
export const newReference = () => randomBytes(4).toString("hex");

async function failure(error: unknown): Promise<Response> {
  if (error instanceof InvalidInputError) return json(error.body(), { status: error.status });
  const problem = await diagnoseDatabaseError(error).catch(() => null);
  if (problem) {
    if (problem.kind === "unavailable") logUnavailable(error);
    const said =
      problem.kind === "unavailable"
        ? `the database is unavailable right now; try again in ${RETRY_AFTER_S} seconds`
        : `${problem.message}; nothing was changed, try again in ${RETRY_AFTER_S} seconds`;
    return json({ error: said }, { status: 503, headers: { "retry-after": String(RETRY_AFTER_S) } });
  }
  const reference = newReference();
  log.error(`unexpected error (reference ${reference}): ${maskSecrets((error as Error)?.stack ?? String(error))}`);
  return json({ error: `something went wrong (reference ${reference})` }, { status: 500 });
}

/** `handler`, answering any failure as above, and `Cache-Control: no-store` unless it set one. */
export function answering<A extends unknown[]>(
  handler: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return async (...args) => {
    const response = await handler(...args).catch(failure);
    if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
    return response;
  };
}
