// Pattern scans: the recent-scans list (filtered, column-selective, cursor
// paginated, cached) and the all-or-nothing batch write. The
// table is reached through the SQL module only (lib/db/sql.ts).
import { z } from "zod";
import { cachedRead, invalidate } from "@/lib/db/cache";
import { dateRangeFields, sinceBeforeUntil } from "@/lib/db/queries/date-range";
import { checkCursors, keysetFields } from "@/lib/db/queries/cursor";
import { findScans, SCAN_ORDERS, type ScanPage } from "@/lib/db/queries/scan-find";
import { copyScans } from "@/lib/db/queries/scan-copy";
import { sqlCount } from "@/lib/db/sql";
import { validateScans, type ValidScan } from "@/lib/db/queries/scan-input";
import { patternTypeSchema, tickerInput } from "@/lib/validation";
import { env } from "@/lib/env";
import { statementDeadlineMs, withDeadline } from "@/lib/db/errors";

/**
 * From this many rows COPY is the faster path: measured on this machine,
 * equal at 100 rows, ~25% faster than the unnest INSERT from 1,000 rows up
 * (docs/benchmark.md).
 */
export const COPY_THRESHOLD = 1_000;
export const SCANS_TAG = "scans";

/** The filters every scan list shares (API and dashboard). */
export const scanFilterFields = {
  patternType: patternTypeSchema.optional(),
  minScore: z.coerce.number().min(0).max(10).optional(),
  ticker: tickerInput.optional(),
  ...dateRangeFields,
};

export const recentScansParams = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(20), ...scanFilterFields, ...keysetFields })
  .superRefine((p, ctx) => {
    sinceBeforeUntil(p, ctx);
    checkCursors(p, ctx, SCAN_ORDERS.newest);
  });

export type RecentScansParams = z.input<typeof recentScansParams>;

/** Recent scans, newest first, filtered (pattern, minimum score, ticker, dates), one keyset page; cached. */
export async function getRecentScans(input: RecentScansParams = {}, reader: string | null = null): Promise<ScanPage> {
  const params = recentScansParams.parse(input);
  return cachedRead({ name: "getRecentScans", params, kind: "scans", tags: [SCANS_TAG] }, reader, ({ pool }) =>
    findScans({ ...params, sort: "newest" }, pool),
  );
}

/** Who reads back what the scanner uploads (its reads see its own uploads, wherever they are served). */
export const SCANNER_READER = "scanner";

/**
 * N scans written in one statement, all or nothing: every row is checked
 * first, one bad row rejects the batch. `writer` names who reads them back.
 */
export async function saveScansBatch(rows: unknown[], writer?: string): Promise<number> {
  const scans = validateScans(rows);
  if (scans.length === 0) return 0;
  // Postgres cancels the write at DB_STATEMENT_TIMEOUT (and rolls it back); a database that does not
  // answer at all costs the caller a moment more, then a clear error.
  const write = scans.length >= COPY_THRESHOLD ? copyScans(scans) : insertScans(scans);
  const written = await withDeadline(write, statementDeadlineMs(env().DB_STATEMENT_TIMEOUT));
  await invalidate([SCANS_TAG], writer ? [writer] : []);
  return written;
}

/**
 * One INSERT ... SELECT FROM unnest(arrays): a single statement (atomic on its
 * own) with seven array parameters, whatever the row count — no 32,766
 * parameter limit, and far less work than Prisma's createMany (npm run bench).
 */
export async function insertScans(scans: ValidScan[]): Promise<number> {
  const column = <T>(pick: (s: ValidScan) => T) => scans.map(pick);
  return sqlCount(
    "PatternScan.insertMany",
    `INSERT INTO pattern_scans (ticker, pattern_type, score, pivot_price, entry_price, details, scanned_at)
     SELECT ticker, pattern_type, score, pivot_price, entry_price, details, COALESCE(scanned_at, now())
       FROM unnest($1::varchar[], $2::varchar[], $3::float8[], $4::float8[], $5::float8[], $6::jsonb[], $7::timestamptz[])
         AS u(ticker, pattern_type, score, pivot_price, entry_price, details, scanned_at)`,
    [
      column((s) => s.ticker),
      column((s) => s.patternType),
      column((s) => s.score),
      column((s) => s.pivotPrice ?? null),
      column((s) => s.entryPrice ?? null),
      column((s) => (s.details ? JSON.stringify(s.details) : null)),
      column((s) => s.scannedAt ?? null),
    ],
  );
}
