// "The database is not answering" as one kind of error, whatever layer noticed
// it (our deadline, the pool, Prisma, pg): route handlers answer it with 503
// and Retry-After, pages with a clear notice, and the log with one line per
// burst instead of a stack trace per request.
import { throttledWarning } from "@/lib/log/logger";
import { maskSecrets } from "@/lib/mask";

export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

/** Prisma's codes for "cannot reach", "timed out", "connection closed", "pool timeout". */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** Socket errors, and SQLSTATEs for shutdown, too many connections and connection failures (class 08). */
const DRIVER_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "53300"]);
const MESSAGES =
  /Connection terminated|Can't reach database|timeout exceeded when trying to connect|for a connection:|Query read timeout|did not answer within|not queryable|terminating connection|Code: `(08\w{3}|57P0[123]|53300)`/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { name?: string; code?: unknown; message?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (e instanceof DatabaseUnavailableError || e.name === "PoolTimeoutError") return true;
    const code = typeof e.code === "string" ? e.code : "";
    if (PRISMA_CODES.has(code) || DRIVER_CODES.has(code) || code.startsWith("08")) return true;
    if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  }
  return false;
}

const warnUnavailable = throttledWarning("db", 10_000);

/** One log line per burst of failures (at most one per 10 s), not one stack trace per request. */
export function logUnavailable(error: unknown): void {
  const message = error instanceof Error ? error.message.split("\n").filter(Boolean).at(-1) : String(error);
  warnUnavailable(`database unavailable: ${maskSecrets(message ?? "")}`);
}

/**
 * How much longer the app waits for a statement than Postgres's own limit
 * (DB_STATEMENT_TIMEOUT, set on each statement): when the server is there, its
 * error, which names the cause (a lock, a slow statement), arrives first and
 * the statement is rolled back; only a server that does not answer at all is
 * given up on by the app.
 */
export const SERVER_FIRST_MS = 500;

/** The app's deadline for one statement, connection included (0: none). */
export const statementDeadlineMs = (statementTimeoutS: number) =>
  statementTimeoutS ? statementTimeoutS * 1000 + SERVER_FIRST_MS : 0;

/**
 * `work`, or a DatabaseUnavailableError once `ms` have passed: a database that
 * does not answer (frozen, a dead network path) costs a request at most this.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  if (!ms) return work;
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new DatabaseUnavailableError(`the database did not answer within ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
