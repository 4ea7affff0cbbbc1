// The dashboard's scan table: the same filters as the API, a sort, numbered
// pages (shareable URLs such as ?pattern=VCP&minScore=7&page=2) and a count.
import { z } from "zod";
import { cached } from "@/lib/db/cache";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { sinceBeforeUntil } from "@/lib/db/queries/date-range";
import { LIST_COLUMNS, SCANS_TAG, scanFilterFields, scanFilterWhere } from "@/lib/db/queries/scans";

export const SCAN_SORTS = { newest: "Newest first", oldest: "Oldest first", score: "Highest score" } as const;
export const SCAN_PAGE_SIZE = 25;

export const scanListParams = z
  .object({
    ...scanFilterFields,
    sort: z.enum(Object.keys(SCAN_SORTS) as [keyof typeof SCAN_SORTS]).default("newest"),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .superRefine(sinceBeforeUntil);

export type ScanListParams = z.output<typeof scanListParams>;

const ORDER: Record<keyof typeof SCAN_SORTS, Prisma.PatternScanOrderByWithRelationInput[]> = {
  newest: [{ scannedAt: "desc" }, { id: "desc" }],
  oldest: [{ scannedAt: "asc" }, { id: "asc" }],
  score: [{ score: "desc" }, { scannedAt: "desc" }, { id: "desc" }],
};

export async function listScans(input: z.input<typeof scanListParams>) {
  const params = scanListParams.parse(input);
  return cached({ name: "listScans", params, kind: "scans", tags: [SCANS_TAG] }, async () => {
    const where = scanFilterWhere(params);
    const [items, total] = await Promise.all([
      prisma().patternScan.findMany({ where, orderBy: ORDER[params.sort], skip: (params.page - 1) * SCAN_PAGE_SIZE, take: SCAN_PAGE_SIZE, select: LIST_COLUMNS }),
      prisma().patternScan.count({ where }),
    ]);
    return { items, total, page: params.page, pageSize: SCAN_PAGE_SIZE };
  });
}
