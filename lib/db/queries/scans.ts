// Pattern scans: the recent-scans list (filtered, column-selective, cursor
// paginated, cached) and the batch write (save_pattern_scans_batch).
import { z } from "zod";
import { cached, invalidate } from "@/lib/db/cache";
import { pool, prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { dateRangeFields, sinceBeforeUntil } from "@/lib/db/queries/date-range";
import {
  checkCursors,
  COUNT_CAP,
  keysetFields,
  keysetPage,
  keysetQuery,
  type KeysetOrder,
  type KeysetPage,
  type KeysetRequest,
} from "@/lib/db/queries/cursor";
import { copyScans } from "@/lib/db/queries/scan-copy";
import { validateScans, type ValidScan } from "@/lib/db/queries/scan-input";
import { patternTypeSchema, tickerInput } from "@/lib/validation";
import { env } from "@/lib/env";
import { withDeadline } from "@/lib/db/errors";

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

/** Each list order of scans, most significant key first; the id breaks ties. */
export const SCAN_ORDERS = {
  newest: [
    { field: "scannedAt", direction: "desc", type: "date" },
    { field: "id", direction: "desc", type: "number" },
  ],
  oldest: [
    { field: "scannedAt", direction: "asc", type: "date" },
    { field: "id", direction: "asc", type: "number" },
  ],
  score: [
    { field: "score", direction: "desc", type: "number" },
    { field: "scannedAt", direction: "desc", type: "date" },
    { field: "id", direction: "desc", type: "number" },
  ],
} as const satisfies Record<string, KeysetOrder>;
export type ScanSort = keyof typeof SCAN_ORDERS;

export const recentScansParams = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(20), ...scanFilterFields, ...keysetFields })
  .superRefine((p, ctx) => {
    sinceBeforeUntil(p, ctx);
    checkCursors(p, ctx, SCAN_ORDERS.newest);
  });

type ScanFilters = { patternType?: string; minScore?: number; ticker?: string; since?: Date; until?: Date };

export function scanFilterWhere(f: ScanFilters): Prisma.PatternScanWhereInput {
  return {
    patternType: f.patternType,
    ticker: f.ticker,
    score: f.minScore === undefined ? undefined : { gte: f.minScore },
    scannedAt: { gte: f.since, lt: f.until },
  };
}

export type RecentScansParams = z.input<typeof recentScansParams>;

/** Only what a list shows (selective loading): no details JSON. */
export const LIST_COLUMNS = {
  id: true,
  ticker: true,
  patternType: true,
  score: true,
  pivotPrice: true,
  entryPrice: true,
  scannedAt: true,
} as const;

export type ScanListItem = Prisma.PatternScanGetPayload<{ select: typeof LIST_COLUMNS }>;

/** get_recent_scans(limit, pattern_type, min_score), newest first; cached. */
export async function getRecentScans(input: RecentScansParams = {}): Promise<ScanPage> {
  const params = recentScansParams.parse(input);
  return cached({ name: "getRecentScans", params, kind: "scans", tags: [SCANS_TAG] }, () =>
    findScans({ ...params, sort: "newest" }),
  );
}

export type ScanPage = KeysetPage<ScanListItem>;

/** One page of scans in `sort` order, straight to Postgres (the API and the dashboard share it). */
export async function findScans(
  params: ScanFilters & KeysetRequest & { limit: number; sort: ScanSort },
): Promise<ScanPage> {
  const order = SCAN_ORDERS[params.sort];
  const keyset = keysetQuery(order, params, params.limit);
  const rows = await prisma().patternScan.findMany({
    where: { ...scanFilterWhere(params), ...keyset.where },
    orderBy: keyset.orderBy,
    take: keyset.take,
    select: LIST_COLUMNS,
  });
  return keysetPage(rows, params.limit, order, params);
}

/** How many scans match, counted up to COUNT_CAP (a list shows "10,000+" past it). */
export const countScans = (filters: ScanFilters) =>
  prisma().patternScan.count({ where: scanFilterWhere(filters), take: COUNT_CAP + 1 });

/** save_pattern_scans_batch: N scans in one transaction, all or nothing. */
export async function saveScansBatch(rows: unknown[]): Promise<number> {
  const scans = validateScans(rows);
  if (scans.length === 0) return 0;
  // A database that does not answer costs the caller DB_STATEMENT_TIMEOUT at most, then a clear error
  // (if the database commits the write later, the caller was not told it was written).
  const write = scans.length >= COPY_THRESHOLD ? copyScans(pool(), scans) : insertScans(scans);
  const written = await withDeadline(write, env().DB_STATEMENT_TIMEOUT * 1000);
  await invalidate([SCANS_TAG]);
  return written;
}

/**
 * One INSERT ... SELECT FROM unnest(arrays): a single statement (atomic on its
 * own) with seven array parameters, whatever the row count — no 32,766
 * parameter limit, and far less work than Prisma's createMany (npm run bench).
 */
export async function insertScans(scans: ValidScan[]): Promise<number> {
  const column = <T>(pick: (s: ValidScan) => T) => scans.map(pick);
  const result = await pool().query(
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
  return result.rowCount ?? 0;
}
