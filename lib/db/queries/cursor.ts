// Keyset cursors for "newest first" lists: the last row's (time, id), opaque
// to callers. Keyset instead of OFFSET: page 500 costs what page 1 costs.
import { z } from "zod";

export type Cursor = { at: Date; id: number };

export function encodeCursor(row: { id: number }, at: Date): string {
  return Buffer.from(`${at.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): Cursor | null {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  const numericId = Number(id);
  if (Number.isNaN(at.getTime()) || !Number.isSafeInteger(numericId) || numericId < 1) return null;
  return { at, id: numericId };
}

/** A zod field for a cursor parameter: rejects anything decodeCursor cannot read. */
export const cursorField = z
  .string()
  .max(200)
  .refine((value) => decodeCursor(value) !== null, { message: "cursor is not one this API returned" });

/**
 * Rows strictly after the cursor in (time DESC, id DESC) order. The extra
 * `lte` lets Postgres seek in the index instead of filtering from the top.
 */
export function afterCursor(field: string, cursor: Cursor): { AND: Record<string, unknown>[] } {
  return {
    AND: [
      { [field]: { lte: cursor.at } },
      { OR: [{ [field]: { lt: cursor.at } }, { id: { lt: cursor.id } }] },
    ],
  };
}

/** Splits a `take: limit + 1` result into the page and the next cursor. */
export function page<T extends { id: number }>(rows: T[], limit: number, timeOf: (row: T) => Date) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last, timeOf(last)) : null };
}
