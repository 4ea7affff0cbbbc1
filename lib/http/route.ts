// Every route handler runs inside this: a database that is down or not
// answering is a 503 with Retry-After and a JSON reason (one log line per
// burst); anything unexpected is a 500 with a reference to find it in the
// log, never a stack trace or an internal message in the answer.
import { randomBytes } from "node:crypto";
import { isDatabaseUnavailable, logUnavailable } from "@/lib/db/errors";
import { logger } from "@/lib/log/logger";
import { maskSecrets } from "@/lib/log/mask";

const log = logger("route");
export const RETRY_AFTER_S = 5;

export function unavailable(): Response {
  return Response.json(
    { error: `the database is unavailable right now; try again in ${RETRY_AFTER_S} seconds` },
    { status: 503, headers: { "retry-after": String(RETRY_AFTER_S), "cache-control": "no-store" } },
  );
}

/** A short id that ties an answer to its log line. */
export const newReference = () => randomBytes(4).toString("hex");

export function route<A extends unknown[]>(
  handler: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        logUnavailable(error);
        return unavailable();
      }
      const reference = newReference();
      log.error(`unexpected error (reference ${reference}): ${maskSecrets((error as Error)?.stack ?? String(error))}`);
      return Response.json({ error: `something went wrong (reference ${reference})` }, { status: 500 });
    }
  };
}
