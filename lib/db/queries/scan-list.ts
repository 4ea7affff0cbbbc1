// The dashboard's scan table: the same filters and keyset pages as the API,
// a sort, newer/older links in shareable URLs (?pattern=VCP&minScore=7&cursor=…)
// and a count capped at COUNT_CAP.
import { z } from "zod";
import { cachedRead } from "@/lib/db/cache";
import { sinceBeforeUntil } from "@/lib/db/queries/date-range";
import { checkCursors, keysetFields } from "@/lib/db/queries/cursor";
import { countScans, findScans, SCAN_ORDERS, type ScanSort } from "@/lib/db/queries/scan-find";
import { SCANS_TAG, scanFilterFields } from "@/lib/db/queries/scans";

export const SCAN_SORTS: Record<ScanSort, string> = {
  newest: "Newest first",
  oldest: "Oldest first",
  score: "Highest score",
};
export const SCAN_PAGE_SIZE = 25;

export const scanListParams = z
  .object({
    ...scanFilterFields,
    sort: z.enum(Object.keys(SCAN_SORTS) as [ScanSort, ...ScanSort[]]).default("newest"),
    ...keysetFields,
  })
  .superRefine((p, ctx) => {
    sinceBeforeUntil(p, ctx);
    checkCursors(p, ctx, SCAN_ORDERS[p.sort]);
  });

export type ScanListParams = z.output<typeof scanListParams>;

export async function listScans(input: z.input<typeof scanListParams>) {
  const params = scanListParams.parse(input);
  // Anyone's read: a replica a few seconds behind (at most DB_REPLICA_MAX_LAG_S) may serve it.
  return cachedRead({ name: "listScans", params, kind: "scans", tags: [SCANS_TAG] }, null, async ({ pool }) => {
    const [page, total] = await Promise.all([
      findScans({ ...params, limit: SCAN_PAGE_SIZE }, pool),
      countScans(params, pool),
    ]);
    return { ...page, total };
  });
}
