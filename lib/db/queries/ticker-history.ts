// One ticker's scans as its page shows them: per day over a bounded range (the
// best score, the average pivot and entry), and per pattern. Both read only
// the range's rows of that ticker through ix_pattern_scans_ticker,
// so their cost follows the ticker and the range, not the table.
import { cached } from "@/lib/db/cache";
import { SCANS_TAG } from "@/lib/db/queries/scans";
import { onReplica } from "@/lib/db/replicas/route";
import { sql } from "@/lib/db/sql";

export const TICKER_RANGES = { "30d": 30, "90d": 90, "1y": 365 } as const;
export type TickerRange = keyof typeof TICKER_RANGES;

export type TickerDay = { day: Date; scans: number; bestScore: number; pivot: number | null; entry: number | null };
export type TickerPattern = { patternType: string; scans: number; bestScore: number; lastSeen: Date };

export const tickerHistory = (symbol: string, range: TickerRange) =>
  cached(
    { name: "tickerHistory", params: { symbol, range }, kind: "scans", tags: [SCANS_TAG], replica: { reader: null } },
    () =>
      onReplica(({ pool }) =>
        sql<TickerDay>(
          "PatternScan.tickerHistory",
          `SELECT date_trunc('day', scanned_at, 'UTC') AS day, count(*)::int AS scans, max(score)::float8 AS "bestScore",
              avg(pivot_price)::float8 AS pivot, avg(entry_price)::float8 AS entry
         FROM pattern_scans WHERE ticker = $1 AND scanned_at >= now() - make_interval(days => $2)
        GROUP BY 1 ORDER BY 1`,
          [symbol, TICKER_RANGES[range]],
          pool,
        ),
      ),
  );

export const tickerPatterns = (symbol: string, range: TickerRange) =>
  cached(
    { name: "tickerPatterns", params: { symbol, range }, kind: "scans", tags: [SCANS_TAG], replica: { reader: null } },
    () =>
      onReplica(({ pool }) =>
        sql<TickerPattern>(
          "PatternScan.tickerPatterns",
          `SELECT pattern_type AS "patternType", count(*)::int AS scans, max(score)::float8 AS "bestScore",
              max(scanned_at) AS "lastSeen"
         FROM pattern_scans WHERE ticker = $1 AND scanned_at >= now() - make_interval(days => $2)
        GROUP BY 1 ORDER BY 2 DESC, 1`,
          [symbol, TICKER_RANGES[range]],
          pool,
        ),
      ),
  );
