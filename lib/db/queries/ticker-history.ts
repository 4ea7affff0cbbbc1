// One ticker's scans as its page shows them: per day over a bounded range (the
// best score, the average pivot and entry), and per pattern. Both read only
// the range's rows of that ticker through ix_pattern_scans_ticker,
// so their cost follows the ticker and the range, not the table.
import { cachedRead } from "@/lib/db/cache";
import { SCANS_TAG } from "@/lib/db/queries/scans";
import { sql } from "@/lib/db/sql";

export const TICKER_RANGES = { "30d": 30, "90d": 90, "1y": 365 } as const;
export type TickerRange = keyof typeof TICKER_RANGES;

export type TickerDay = { day: Date; scans: number; bestScore: number; pivot: number | null; entry: number | null };
export type TickerPattern = { patternType: string; scans: number; bestScore: number; lastSeen: Date };

/** One ticker's rows over a range, summed by `text` ($1 the ticker, $2 the range's days); any replica may serve it. */
const perTicker =
  <T>(name: string, text: string) =>
  (symbol: string, range: TickerRange) =>
    cachedRead({ name, params: { symbol, range }, kind: "scans", tags: [SCANS_TAG] }, null, ({ pool }) =>
      sql<T>(`PatternScan.${name}`, text, [symbol, TICKER_RANGES[range]], pool),
    );

export const tickerHistory = perTicker<TickerDay>(
  "tickerHistory",
  `SELECT date_trunc('day', scanned_at, 'UTC') AS day, count(*)::int AS scans, max(score)::float8 AS "bestScore",
          avg(pivot_price)::float8 AS pivot, avg(entry_price)::float8 AS entry
     FROM pattern_scans WHERE ticker = $1 AND scanned_at >= now() - make_interval(days => $2)
    GROUP BY 1 ORDER BY 1`,
);

export const tickerPatterns = perTicker<TickerPattern>(
  "tickerPatterns",
  `SELECT pattern_type AS "patternType", count(*)::int AS scans, max(score)::float8 AS "bestScore",
          max(scanned_at) AS "lastSeen"
     FROM pattern_scans WHERE ticker = $1 AND scanned_at >= now() - make_interval(days => $2)
    GROUP BY 1 ORDER BY 2 DESC, 1`,
);
