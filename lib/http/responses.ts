// How route handlers answer: JSON (BigInt-safe), bad input as a 400 naming the
// field, never a stack trace.
import type { z } from "zod";

/** JSON.stringify that writes BigInt (market caps) as numbers' decimal text. */
export function json(data: unknown, init?: ResponseInit): Response {
  const body = JSON.stringify(data, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
  return new Response(body, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
}

export function badRequest(
  error: string,
  field?: string,
  status = 400,
  details: Record<string, unknown> = {},
): Response {
  return json(field ? { error, field, ...details } : { error, ...details }, { status });
}

/** The first problem zod found, as `{ error, field }`. */
export function invalidInput(error: z.ZodError): Response {
  const issue = error.issues[0];
  const field = issue.path.map(String).join(".");
  return badRequest(field ? `${field}: ${issue.message}` : issue.message, field || undefined);
}
