// Server actions are public POST endpoints whose bodies Next decodes before
// any of our code runs; a body it cannot decode (too large, not a form,
// truncated, a reference to a part that is not there) ends as a 500. The
// front door checks them first and answers 4xx itself: the size from
// Content-Length before reading, then the form as Next will read it.
import type { IncomingHttpHeaders } from "node:http";
import busboy from "busboy";

/** The largest server-action body: every action here takes a small form (Next itself stops at 1 MB, with a 500). */
export const ACTION_MAX_BYTES = 256 * 1024;
/** How deep the arguments of a fetch action may nest (a form's previous state is two or three levels). */
const MAX_DEPTH = 32;

export type Refusal = { status: 400 | 405 | 413; message: string };

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};
const isMultipart = (headers: IncomingHttpHeaders) =>
  /^multipart\/form-data\s*;/i.test(header(headers, "content-type") ?? "");

/** A POST to a page that Next would treat as a server action: a fetch action (Next-Action) or a form posted without JavaScript. */
export const isActionRequest = (method: string | undefined, headers: IncomingHttpHeaders) =>
  method === "POST" && (headers["next-action"] !== undefined || isMultipart(headers));

export const tooLarge: Refusal = { status: 413, message: `the form is larger than ${ACTION_MAX_BYTES / 1024} KB` };

/**
 * What can be refused before reading the body: a declared length over the
 * limit, and a type that is not a form. (A body sent without a length, as
 * Next sends an action it forwards to the page that has it, is counted as it
 * is read.)
 */
export function checkActionHeaders(headers: IncomingHttpHeaders): Refusal | null {
  if (Number(header(headers, "content-length") ?? 0) > ACTION_MAX_BYTES) return tooLarge;
  if (!isMultipart(headers) || !/boundary=/i.test(header(headers, "content-type") ?? ""))
    return { status: 400, message: "a server action here takes a form (multipart/form-data with a boundary)" };
  return null;
}

function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [next, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (next && typeof next === "object") for (const child of Object.values(next)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** React's reply format: a string starting with "$" is a reference; these are the ones that need no other part. */
const SELF_CONTAINED = /^\$(\$|undefined$|Infinity$|-Infinity$|NaN$|-0$|D|n-?\d+$|K\d+$)/;

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** A fetch action's arguments (the form's part "0"): a list ending with the form itself. */
function checkArguments(root: string | null): Refusal | null {
  if (typeof root !== "string") return { status: 400, message: "the action's arguments are missing" };
  let args: unknown;
  try {
    args = JSON.parse(root);
  } catch {
    return { status: 400, message: "the action's arguments are not valid JSON" };
  }
  if (!Array.isArray(args) || args.length < 1 || args.length > 2 || !/^\$K\d+$/.test(String(args.at(-1))))
    return { status: 400, message: "the action's arguments must be [previous state, form] or [form]" };
  if (depthOf(args) > MAX_DEPTH)
    return { status: 400, message: `the action's arguments nest deeper than ${MAX_DEPTH}` };
  if (strings(args).some((s) => s.startsWith("$") && !SELF_CONTAINED.test(s)))
    return { status: 400, message: "the action's arguments refer to parts the request does not have" };
  return null;
}

/** The form's fields, parsed by busboy as Next parses it; null when it cannot be. */
function readForm(headers: IncomingHttpHeaders, body: Buffer): Promise<[string, string][] | null> {
  return new Promise((resolve) => {
    const fields: [string, string][] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers, limits: { fieldSize: ACTION_MAX_BYTES } });
    } catch {
      return resolve(null);
    }
    parser.on("field", (name, value) => fields.push([name, value]));
    parser.on("file", (_name, stream) => stream.resume());
    parser.on("error", () => resolve(null));
    parser.on("close", () => resolve(fields));
    parser.end(body);
  });
}

/** Whether `body` is the form its headers say; for a fetch action, with arguments Next can decode. */
export async function checkActionBody(headers: IncomingHttpHeaders, body: Buffer): Promise<Refusal | null> {
  const fields = await readForm(headers, body);
  if (!fields) return { status: 400, message: "the form data could not be read (malformed multipart body)" };
  if (headers["next-action"] === undefined) return null;
  const rows = fields.map(([name]) => name).filter((name) => /^\d+$/.test(name));
  if (new Set(rows).size !== rows.length)
    return { status: 400, message: "a part of the action's arguments is sent twice" };
  return checkArguments(fields.find(([name]) => name === "0")?.[1] ?? null);
}
