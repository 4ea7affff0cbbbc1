// Pattern scans: writes (batched) — reads arrive with the data-access work.
import { pool, prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { copyScans } from "@/lib/db/queries/scan-copy";
import { validateScans } from "@/lib/db/queries/scan-input";

/** From this many rows COPY beats multi-row INSERT (see `npm run bench`). */
export const COPY_THRESHOLD = 10_000;

/** The spec's save_pattern_scans_batch: N scans in one transaction, all or nothing. */
export async function saveScansBatch(rows: unknown[]): Promise<number> {
  const scans = validateScans(rows);
  if (scans.length === 0) return 0;
  if (scans.length >= COPY_THRESHOLD) return copyScans(pool(), scans);
  const data = scans.map((s) => ({ ...s, details: (s.details ?? undefined) as Prisma.InputJsonValue | undefined }));
  // Prisma splits very large createMany calls into several INSERTs: the
  // transaction keeps them atomic.
  const result = await prisma().$transaction((tx) => tx.patternScan.createMany({ data }), { timeout: 120_000 });
  return result.count;
}
