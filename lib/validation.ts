// The validation rules that routes, server actions, queries, the seed and the
// CLI share. Each rule is written once here; its users import it.
import { z } from "zod";

export const PATTERN_TYPES = [
  "VCP",
  "CUP_WITH_HANDLE",
  "FLAT_BASE",
  "DOUBLE_BOTTOM",
  "ASCENDING_BASE",
  "HIGH_TIGHT_FLAG",
] as const;
export const ALERT_TYPES = ["PIVOT_BREAKOUT", "PATTERN_FOUND", "PRICE_TARGET", "VOLUME_SURGE"] as const;

const TICKER = /^[A-Z][A-Z0-9.-]{0,15}$/;
const UPPER_NAME = /^[A-Z][A-Z0-9_]{1,31}$/;
/** legendai_db_YYYYMMDD_HHMMSS.sql.gz (UTC), the backup files this product writes. */
export const BACKUP_FILE = /^legendai_db_(\d{8})_(\d{6})\.sql\.gz$/;

/** A ticker as stored: 1-16 upper-case letters, digits, '.' or '-'. */
export const storedTicker = z.string().regex(TICKER, "ticker must be 1-16 upper-case letters, digits, '.' or '-'");
/** A ticker someone typed: any case, trimmed, stored upper-case. */
export const tickerInput = z.string().trim().toUpperCase().regex(TICKER, "a ticker symbol such as AAPL");

/** A pattern type: an upper-case name; the known ones are PATTERN_TYPES, the scanner may add more. */
export const patternTypeSchema = z.string().regex(UPPER_NAME, "an upper-case pattern name such as VCP");
export const alertTypeSchema = z.string().regex(UPPER_NAME, "an upper-case alert type such as PIVOT_BREAKOUT");

/** A database id: a positive 32-bit integer (what a serial column holds). */
export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const backupFileSchema = z
  .string()
  .regex(BACKUP_FILE, "a backup file name such as legendai_db_20240115_120000.sql.gz");

/** bcrypt's cost factor for stored passwords (the seed and user management use the same). */
export const BCRYPT_COST = 10;

/** The years a timestamp may have here: Postgres and JavaScript both hold them, and no scan is older or newer. */
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
const inRange = (d: Date) =>
  !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= MIN_YEAR && d.getUTCFullYear() <= MAX_YEAR;

/** YYYY-MM-DD, optionally with Thh:mm[:ss[.fraction]] and a zone (Z or ±hh:mm). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The written fields name a real moment: no 30 February, no hour 24 (Date would roll them over). */
function realDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day, hour = "0", minute = "0", second = "0"] = m.slice(1).map((v) => v ?? undefined);
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return (
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59
  );
}

/**
 * A point in time: an ISO 8601 string (or a Date from our own code), from year
 * 1900 to 9999, and a real one: 2024-02-30 or T24:00 are refused, not shifted
 * to the next day. null, true or a bare number are refused, not read as 1970.
 */
export const dateInput = z
  .union([z.date(), z.string().trim().min(1).max(40)], {
    error: "expected a date such as 2026-01-15 or 2026-01-15T09:30:00Z",
  })
  .transform((value, ctx) => {
    if (typeof value === "string" && ISO_DATE.test(value) && !realDate(value)) {
      ctx.addIssue({ code: "custom", message: `${value} is not a real date or time` });
      return z.NEVER;
    }
    const date = value instanceof Date ? value : ISO_DATE.test(value) ? new Date(value) : new Date(NaN);
    if (!inRange(date)) {
      ctx.addIssue({
        code: "custom",
        message: `expected a date from ${MIN_YEAR} to ${MAX_YEAR}, such as 2026-01-15T09:30:00Z`,
      });
      return z.NEVER;
    }
    return date;
  });

/** NUL and unpaired surrogates cannot be stored in Postgres text: refused with a reason instead of failing there. */
export const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const STORABLE = { message: "contains a character that cannot be stored (NUL or an unpaired surrogate)" };

/** Free text a person typed: trimmed, at most `max` characters, storable. */
export const textInput = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !UNSTORABLE_TEXT.test(s), STORABLE);

/** How deep and how large one scan's `details` may be. */
export const DETAILS_MAX_DEPTH = 16;
export const DETAILS_MAX_BYTES = 16_384;

/** A key that would set an object's prototype: refused wherever it appears, never silently dropped. */
const PROTO_KEY = "__proto__";

function hasProtoKey(value: unknown): boolean {
  const stack = [value];
  while (stack.length) {
    const next = stack.pop();
    if (!next || typeof next !== "object") continue;
    if (Object.prototype.hasOwnProperty.call(next, PROTO_KEY)) return true;
    stack.push(...Object.values(next));
  }
  return false;
}

/** A JSON object of details: nested at most DETAILS_MAX_DEPTH deep, at most DETAILS_MAX_BYTES, every string storable. */
export const detailsInput = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (hasProtoKey(raw)) ctx.addIssue({ code: "custom", message: `a key named ${PROTO_KEY} is not accepted` });
  })
  .pipe(
    z.record(z.string(), z.unknown()).superRefine((details, ctx) => {
      const stack: [unknown, number][] = [[details, 1]];
      while (stack.length) {
        const [value, depth] = stack.pop()!;
        if (depth > DETAILS_MAX_DEPTH)
          return void ctx.addIssue({ code: "custom", message: `nested deeper than ${DETAILS_MAX_DEPTH} levels` });
        if (typeof value === "string" && UNSTORABLE_TEXT.test(value))
          return void ctx.addIssue({ code: "custom", ...STORABLE });
        if (value && typeof value === "object") {
          for (const [key, child] of Object.entries(value)) {
            if (UNSTORABLE_TEXT.test(key)) return void ctx.addIssue({ code: "custom", ...STORABLE });
            stack.push([child, depth + 1]);
          }
        }
      }
      if (Buffer.byteLength(JSON.stringify(details)) > DETAILS_MAX_BYTES) {
        ctx.addIssue({ code: "custom", message: `larger than ${DETAILS_MAX_BYTES} bytes` });
      }
    }),
  );

/** An e-mail address as users.email holds it: trimmed, lower-case, at most 255 characters. */
export const emailInput = z
  .string()
  .trim()
  .toLowerCase()
  .max(255, "at most 255 characters")
  .pipe(z.email("a valid email address"));

/** dateInput where a time written without a zone is UTC, as the dashboard shows every time (a datetime-local field sends none). */
export const utcDateInput = z.preprocess(
  (value) =>
    typeof value === "string" && /[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim()) ? `${value.trim()}Z` : value,
  dateInput,
);
