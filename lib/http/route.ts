// Every route handler is declared with route({ access, query, params, body },
// handler), as server actions are with defineAction: who may call it (roles,
// or a bearer token, checked against lib/auth/roles.ts's table by a test), the
// zod schemas its input must pass, and one way to answer (lib/http/answer.ts).
import type { z } from "zod";
import { routeRefusal } from "@/lib/auth/guard";
import type { RouteAccess } from "@/lib/auth/roles";
import { answering } from "@/lib/http/answer";
import { readJsonBody } from "@/lib/http/body";
import { badRequest, invalidInput, json } from "@/lib/http/responses";

type Schemas = { query?: z.ZodType; params?: z.ZodType; body?: z.ZodType };
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteSpec<S extends Schemas> = S & {
  access: RouteAccess;
  /** The largest JSON body read (with `body`; 64 KB unless said). */
  maxBodyBytes?: number;
};

export type RouteInput<S extends Schemas> = {
  request: Request;
  query: Output<S["query"]>;
  params: Output<S["params"]>;
  body: Output<S["body"]>;
  /** Whether the caller has the access the route declares (always true unless access.open). */
  allowed: boolean;
};

type NextContext = { params?: Promise<Record<string, string | string[]>> };
export type RouteHandler = ((request: Request, context?: NextContext) => Promise<Response>) & { access: RouteAccess };

/** Whether the caller may, or the 401/403 to send; an open route lets everyone in and says whether they may. */
async function checkAccess(request: Request, access: RouteAccess): Promise<{ allowed: boolean } | Response> {
  if (access.open) {
    // No session can be read while the database is down: such a caller gets what everyone gets.
    const refusal = await routeRefusal(request, access).catch(() => ({ status: 401 as const }));
    return { allowed: refusal === null };
  }
  const refusal = await routeRefusal(request, access);
  if (!refusal) return { allowed: true };
  const headers: HeadersInit = refusal.bearer ? { "www-authenticate": "Bearer" } : {};
  return json({ error: refusal.message }, { status: refusal.status, headers });
}

type Parsed = { ok: true; data: unknown } | { ok: false; answer: Response };

function parse(schema: z.ZodType | undefined, value: unknown): Parsed {
  if (!schema) return { ok: true, data: undefined };
  const result = schema.safeParse(value);
  return result.success ? { ok: true, data: result.data } : { ok: false, answer: invalidInput(result.error) };
}

/** The request's input through the spec's schemas, or the 4xx answer. */
async function parseInput<S extends Schemas>(spec: RouteSpec<S>, request: Request, context?: NextContext) {
  const query = parse(spec.query, Object.fromEntries(new URL(request.url).searchParams));
  if (!query.ok) return query.answer;
  const params = parse(spec.params, await context?.params);
  if (!params.ok) return params.answer;
  let raw: unknown;
  if (spec.body) {
    const read = await readJsonBody(request, spec.maxBodyBytes ?? 64 * 1024);
    if (!read.ok) return badRequest(read.error, undefined, read.status);
    raw = read.value;
  }
  const body = parse(spec.body, raw);
  if (!body.ok) return body.answer;
  return { query: query.data, params: params.data, body: body.data } as Pick<
    RouteInput<S>,
    "query" | "params" | "body"
  >;
}

export function route<S extends Schemas>(
  spec: RouteSpec<S>,
  handler: (input: RouteInput<S>) => Promise<Response>,
): RouteHandler {
  const run = answering(async (request: Request, context?: NextContext): Promise<Response> => {
    const access = await checkAccess(request, spec.access);
    if (access instanceof Response) return access;
    const input = await parseInput(spec, request, context);
    if (input instanceof Response) return input;
    return handler({ request, ...input, allowed: access.allowed });
  });
  return Object.assign(run, { access: spec.access });
}
