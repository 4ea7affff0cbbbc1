// Pattern scans: the recent-scans list (filtered, column-selective, cursor
// paginated, cached) and the batch write (the spec's save_pattern_scans_batch).
import { z } from "zod";
import { cached, invalidate } from "@/lib/db/cache";
import { pool, prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { afterCursor, cursorField, decodeCursor, page } from "@/lib/db/queries/cursor";
import { copyScans } from "@/lib/db/queries/scan-copy";
import { validateScans } from "@/lib/db/queries/scan-input";

/** From this many rows COPY beats multi-row INSERT (see `npm run bench`). */
export const COPY_THRESHOLD = 10_000;
export const SCANS_TAG = "scans";

export const recentScansParams = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(20),
    patternType: z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/, "an upper-case pattern name such as VCP").optional(),
    minScore: z.coerce.number().min(0).max(10).optional(),
    ticker: z.string().regex(/^[A-Za-z][A-Za-z0-9.-]{0,15}$/, "a ticker symbol such as AAPL").transform((t) => t.toUpperCase()).optional(),
    since: z.coerce.date().optional(),
    until: z.coerce.date().optional(),
    cursor: cursorField.optional(),
  })
  .refine((p) => !p.since || !p.until || p.since < p.until, { message: "since must be before until", path: ["since"] });

export type RecentScansParams = z.input<typeof recentScansParams>;

/** Only what a list shows (the spec's selective loading): no details JSON. */
const LIST_COLUMNS = {
  id: true, ticker: true, patternType: true, score: true, pivotPrice: true, entryPrice: true, scannedAt: true,
} as const;

export type ScanListItem = Prisma.PatternScanGetPayload<{ select: typeof LIST_COLUMNS }>;

/** The spec's get_recent_scans(limit, pattern_type, min_score), newest first. */
export async function getRecentScans(input: RecentScansParams = {}): Promise<{ items: ScanListItem[]; nextCursor: string | null }> {
  const params = recentScansParams.parse(input);
  return cached({ name: "getRecentScans", params, kind: "scans", tags: [SCANS_TAG] }, async () => {
    const cursor = params.cursor ? decodeCursor(params.cursor) : null;
    const rows = await prisma().patternScan.findMany({
      where: {
        patternType: params.patternType,
        ticker: params.ticker,
        score: params.minScore === undefined ? undefined : { gte: params.minScore },
        scannedAt: { gte: params.since, lt: params.until },
        ...(cursor ? afterCursor("scannedAt", cursor) : {}),
      },
      orderBy: [{ scannedAt: "desc" }, { id: "desc" }],
      take: params.limit + 1,
      select: LIST_COLUMNS,
    });
    return page(rows, params.limit, (r) => r.scannedAt);
  });
}

/** One scan with everything, details included. */
export async function getScan(id: number) {
  return prisma().patternScan.findUnique({ where: { id } });
}

/** The spec's save_pattern_scans_batch: N scans in one transaction, all or nothing. */
export async function saveScansBatch(rows: unknown[]): Promise<number> {
  const scans = validateScans(rows);
  if (scans.length === 0) return 0;
  let written: number;
  if (scans.length >= COPY_THRESHOLD) {
    written = await copyScans(pool(), scans);
  } else {
    const data = scans.map((s) => ({ ...s, details: (s.details ?? undefined) as Prisma.InputJsonValue | undefined }));
    // Prisma splits very large createMany calls into several INSERTs: the
    // transaction keeps them atomic.
    written = (await prisma().$transaction((tx) => tx.patternScan.createMany({ data }), { timeout: 120_000 })).count;
  }
  await invalidate([SCANS_TAG]);
  return written;
}
