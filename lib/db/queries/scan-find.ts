// Pattern scans as a list: the filters, the sort orders and one keyset page of
// the list columns (no details JSON), in SQL the indexes on pattern_scans were
// made for. The API and the dashboard share it.
import { COUNT_CAP, keysetPage, type KeysetOrder, type KeysetPage, type KeysetRequest } from "@/lib/db/queries/cursor";
import { keysetSql } from "@/lib/db/queries/keyset-sql";
import { sql, SqlParams, type SqlTarget } from "@/lib/db/sql";

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

export type ScanFilters = { patternType?: string; minScore?: number; ticker?: string; since?: Date; until?: Date };

/** What a list shows of a scan. */
export type ScanListItem = {
  id: number;
  ticker: string;
  patternType: string;
  score: number;
  pivotPrice: number | null;
  entryPrice: number | null;
  scannedAt: Date;
};
export type ScanPage = KeysetPage<ScanListItem>;

const COLUMNS: Record<keyof ScanListItem, string> = {
  id: "id",
  ticker: "ticker",
  patternType: "pattern_type",
  score: "score",
  pivotPrice: "pivot_price",
  entryPrice: "entry_price",
  scannedAt: "scanned_at",
};
const SELECT_LIST = Object.entries(COLUMNS)
  .map(([field, column]) => (field === column ? column : `${column} AS "${field}"`))
  .join(", ");

/** The filters as SQL conditions (values into `params`). */
function filterSql(f: ScanFilters, params: SqlParams): string {
  const conditions = [
    f.patternType !== undefined && `pattern_type = ${params.add(f.patternType)}`,
    f.ticker !== undefined && `ticker = ${params.add(f.ticker)}`,
    f.minScore !== undefined && `score >= ${params.add(f.minScore)}`,
    f.since !== undefined && `scanned_at >= ${params.add(f.since)}`,
    f.until !== undefined && `scanned_at < ${params.add(f.until)}`,
  ];
  return conditions.filter(Boolean).join(" AND ") || "TRUE";
}

/** One page of scans in `sort` order, straight to Postgres. */
export async function findScans(
  params: ScanFilters & KeysetRequest & { limit: number; sort: ScanSort },
  target?: SqlTarget,
): Promise<ScanPage> {
  const order = SCAN_ORDERS[params.sort];
  const values = new SqlParams();
  const filters = filterSql(params, values);
  const keyset = keysetSql(order, params, params.limit, COLUMNS, values);
  const rows = await sql<ScanListItem>(
    "PatternScan.findMany",
    `SELECT ${SELECT_LIST} FROM pattern_scans WHERE ${filters} AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
    values.values,
    target,
  );
  return keysetPage(rows, params.limit, order, params);
}

/** How many scans match, counted up to COUNT_CAP + 1 (a list shows "10,000+" past the cap). */
export async function countScans(filters: ScanFilters, target?: SqlTarget): Promise<number> {
  const values = new SqlParams();
  const where = filterSql(filters, values);
  const [row] = await sql<{ count: number }>(
    "PatternScan.count",
    `SELECT count(*)::int AS count FROM (SELECT 1 FROM pattern_scans WHERE ${where} LIMIT ${values.add(COUNT_CAP + 1)}) capped`,
    values.values,
    target,
  );
  return row.count;
}
