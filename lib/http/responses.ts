// JSON answers for route handlers: bad input is a 400 naming the field, never a 500.
import type { z } from "zod";

export function badRequest(error: string, field?: string, status = 400): Response {
  return Response.json(field ? { error, field } : { error }, { status });
}

/** The first problem zod found, as `{ error, field }`. */
export function invalidInput(error: z.ZodError): Response {
  const issue = error.issues[0];
  const field = issue.path.map(String).join(".");
  return badRequest(field ? `${field}: ${issue.message}` : issue.message, field || undefined);
}

/** JSON.stringify that writes BigInt (market caps) as numbers' decimal text. */
export function json(data: unknown, init?: ResponseInit): Response {
  const body = JSON.stringify(data, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
  return new Response(body, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
}
