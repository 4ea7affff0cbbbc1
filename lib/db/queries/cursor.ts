// Keyset pagination for every list, API and dashboard alike: a page starts
// after (or, going back, before) the sort-key values of a row, so page 500
// costs what page 1 costs, and rows written meanwhile never shift a page.
// Cursors are the row's sort-key values, opaque to callers.
import { z } from "zod";
import type { RefinementCtx } from "zod";

export type Direction = "asc" | "desc";
/** The list's order, most significant key first; the last key must be unique (the id). */
export type KeysetOrder = readonly { field: string; direction: Direction; type: "date" | "number" }[];
export type CursorValues = (Date | number)[];

const MAX_ID = 2_147_483_647;
/** Postgres timestamptz and JavaScript dates agree on this range; a cursor outside it is not one of ours. */
const isSaneDate = (d: Date) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 9999;

export const encodeCursor = (values: CursorValues): string =>
  Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString("base64url");

export function decodeCursor(cursor: string, order: KeysetOrder): CursorValues | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length !== order.length) return null;
  const values = order.map((key, i) => (key.type === "date" && typeof raw[i] === "string" ? new Date(raw[i]) : raw[i]));
  const valid = values.every((value, i) =>
    order[i].type === "date"
      ? value instanceof Date && isSaneDate(value)
      : typeof value === "number" && Number.isFinite(value),
  );
  const id = values.at(-1);
  return valid && Number.isSafeInteger(id) && (id as number) >= 1 && (id as number) <= MAX_ID ? values : null;
}

/** `cursor` (the next, older page) and `before` (the previous, newer page): at most one. */
export const keysetFields = { cursor: z.string().max(400).optional(), before: z.string().max(400).optional() };

/** For .superRefine: the cursor must be one this list returned for `order`. */
export function checkCursors(p: { cursor?: string; before?: string }, ctx: RefinementCtx, order: KeysetOrder): void {
  for (const field of ["cursor", "before"] as const) {
    const value = p[field];
    if (value !== undefined && decodeCursor(value, order) === null) {
      ctx.addIssue({ code: "custom", message: `${field} is not one this list returned`, path: [field] });
    }
  }
  if (p.cursor && p.before)
    ctx.addIssue({ code: "custom", message: "give cursor or before, not both", path: ["before"] });
}

export const flip = (d: Direction): Direction => (d === "asc" ? "desc" : "asc");

/** One comparison of a row's key with a cursor value. */
export type Bound = { field: string; op: "lt" | "lte" | "gt" | "gte" | "eq"; value: Date | number };

/**
 * Rows strictly after `values` in `order` (before them when `reverse`), as
 * comparisons that the Prisma and SQL forms (keyset-prisma.ts, keyset-sql.ts)
 * both render: every bound of `first`, and every bound of at least one of
 * `branches`. The leading range on the first key lets Postgres seek in the
 * index instead of filtering from the top.
 *
 * Timestamps are stored to the microsecond but a JavaScript Date holds
 * milliseconds (rounded down), so a date key is compared by its millisecond:
 * "equal" means within that millisecond (a batch written in one statement
 * shares one now()), "after" means outside it.
 */
export function keysetBounds(order: KeysetOrder, values: CursorValues, reverse = false) {
  type Key = KeysetOrder[number];
  const descending = (key: Key) => (key.direction === "desc") !== reverse;
  /** The key's value range: a date covers its whole millisecond. */
  const span = (value: Date | number) =>
    value instanceof Date ? { low: value, high: new Date(value.getTime() + 1) } : null;
  const bound = (key: Key, op: Bound["op"], value: Date | number): Bound => ({ field: key.field, op, value });
  const equal = (key: Key, value: Date | number): Bound[] => {
    const ms = span(value);
    return ms ? [bound(key, "gte", ms.low), bound(key, "lt", ms.high)] : [bound(key, "eq", value)];
  };
  const beyond = (key: Key, value: Date | number): Bound => {
    const ms = span(value);
    if (descending(key)) return bound(key, "lt", ms ? ms.low : value);
    return ms ? bound(key, "gte", ms.high) : bound(key, "gt", value);
  };
  const atOrBeyond = (key: Key, value: Date | number): Bound => {
    const ms = span(value);
    if (descending(key)) return ms ? bound(key, "lt", ms.high) : bound(key, "lte", value);
    return bound(key, "gte", ms ? ms.low : value);
  };
  return {
    first: [atOrBeyond(order[0], values[0])],
    branches: order.map((key, i) => [
      ...order.slice(0, i).flatMap((k, j) => equal(k, values[j])),
      beyond(key, values[i]),
    ]),
  };
}

export type KeysetRequest = { cursor?: string; before?: string };

/** The page a request asks for: after its cursor, or (reversed) before its `before`; null values for the first page. */
export function keysetStart(order: KeysetOrder, request: KeysetRequest) {
  const reverse = Boolean(request.before);
  const from = request.before ?? request.cursor;
  return { reverse, values: from ? decodeCursor(from, order) : null };
}

export type KeysetPage<T> = { items: T[]; nextCursor: string | null; prevCursor: string | null };

/** Splits a keyset query's rows (one more than `limit`, in the query's order) into the page, the next (older) cursor and the previous (newer) one. */
export function keysetPage<T extends Record<string, unknown>>(
  rows: T[],
  limit: number,
  order: KeysetOrder,
  request: KeysetRequest,
): KeysetPage<T> {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  if (request.before) items.reverse();
  const cursorOf = (row: T | undefined) =>
    row ? encodeCursor(order.map((key) => row[key.field] as Date | number)) : null;
  const hasOlder = request.before ? true : more;
  const hasNewer = request.before ? more : Boolean(request.cursor);
  return {
    items,
    nextCursor: hasOlder ? cursorOf(items.at(-1)) : null,
    prevCursor: hasNewer ? cursorOf(items[0]) : null,
  };
}

/** Lists show "10,000+" beyond this: counting every match on each page view costs what OFFSET did. */
export const COUNT_CAP = 10_000;
