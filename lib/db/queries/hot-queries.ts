// The hot queries, as the SQL the app's list queries send (shapes checked
// against Prisma's own SQL in indexes.test.ts), with the index meant to
// serve each: for the EXPLAIN test and the Insights page's EXPLAIN ANALYZE.
import { sql, type SqlTarget } from "@/lib/db/sql";

const LIST = "SELECT id, ticker, pattern_type, score, pivot_price, entry_price, scanned_at FROM pattern_scans";
const BY_TYPE = `${LIST} WHERE pattern_type = $1 AND score >= $2 ORDER BY scanned_at DESC, id DESC LIMIT 20`;
const DAY_MS = 86_400_000;

/** The parameters the hot queries are run with: a user who has alerts, a ticker that has scans. */
export type HotQuerySample = { userId: number; ticker: string };

/** The newest alert's user and the newest scan's ticker (fallbacks for an empty database). */
export async function hotQuerySample(db?: SqlTarget): Promise<HotQuerySample> {
  const [row] = await sql<{ userId: number | null; ticker: string | null }>(
    "HotQuery.sample",
    `SELECT (SELECT user_id FROM alert_logs ORDER BY id DESC LIMIT 1) AS "userId",
            (SELECT ticker FROM pattern_scans ORDER BY id DESC LIMIT 1) AS ticker`,
    [],
    db,
  );
  return { userId: row.userId ?? 1, ticker: row.ticker ?? "AAPL" };
}

export type HotQuery = {
  id: string;
  name: string;
  sql: string;
  /** Sample parameters; `userId` stands for a user who has data. */
  params: (sample: HotQuerySample) => unknown[];
  /** The index (or indexes the planner may fairly choose between) meant to serve it. */
  index: string | string[];
};

export const HOT_QUERIES: HotQuery[] = [
  {
    id: "recent-scans",
    name: "Recent scans",
    sql: `${LIST} ORDER BY scanned_at DESC, id DESC LIMIT 20`,
    params: () => [],
    index: "ix_pattern_scans_scanned_at",
  },
  // A common filter (VCP, score >= 7: one row in 25) is found quickly walking the
  // time index too, and the planner may pick either; a rare one needs the composite.
  {
    id: "scans-common-filter",
    name: "Recent VCP scans, score ≥ 7",
    sql: BY_TYPE,
    params: () => ["VCP", 7],
    index: ["ix_pattern_scans_type_scanned_at", "ix_pattern_scans_scanned_at"],
  },
  {
    id: "scans-rare-filter",
    name: "Recent high-tight-flag scans, score ≥ 9.5",
    sql: BY_TYPE,
    params: () => ["HIGH_TIGHT_FLAG", 9.5],
    index: "ix_pattern_scans_type_scanned_at",
  },
  {
    id: "scans-next-page",
    name: "Next page of a filtered list (cursor)",
    sql: `${LIST} WHERE pattern_type = $1 AND score >= $2 AND (scanned_at, id) < ($3, $4) ORDER BY scanned_at DESC, id DESC LIMIT 20`,
    params: () => ["HIGH_TIGHT_FLAG", 9.5, new Date(Date.now() - 30 * DAY_MS), 1_000_000],
    index: "ix_pattern_scans_type_scanned_at",
  },
  {
    id: "scans-min-score",
    name: "Recent scans, score ≥ 7",
    sql: `${LIST} WHERE score >= $1 ORDER BY scanned_at DESC, id DESC LIMIT 20`,
    params: () => [7],
    index: "ix_pattern_scans_scanned_at",
  },
  {
    id: "scans-ticker",
    name: "One ticker's scans",
    sql: `${LIST} WHERE ticker = $1 ORDER BY scanned_at DESC LIMIT 20`,
    params: (s) => [s.ticker],
    index: "ix_pattern_scans_ticker",
  },
  {
    id: "scans-date-range",
    name: "Scans in a date range",
    sql: `${LIST} WHERE scanned_at >= $1 AND scanned_at < $2 ORDER BY scanned_at DESC LIMIT 20`,
    params: () => [new Date(Date.now() - 7 * DAY_MS), new Date(Date.now() - 6 * DAY_MS)],
    index: "ix_pattern_scans_scanned_at",
  },
  {
    id: "watchlist",
    name: "A user's watchlist",
    sql: "SELECT * FROM watchlists WHERE user_id = $1 ORDER BY added_at DESC LIMIT 50",
    params: (s) => [s.userId],
    index: "ix_watchlists_user_added_at",
  },
  {
    id: "watchlist-triggered",
    name: "A user's triggered items",
    sql: "SELECT * FROM watchlists WHERE user_id = $1 AND triggered_at IS NOT NULL ORDER BY triggered_at DESC LIMIT 50",
    params: (s) => [s.userId],
    index: "ix_watchlists_user_triggered",
  },
  {
    id: "scans-by-score",
    name: "Scans by highest score",
    sql: "SELECT * FROM pattern_scans ORDER BY score DESC, scanned_at DESC, id DESC LIMIT 25",
    params: () => [],
    index: "ix_pattern_scans_score",
  },
  {
    id: "watchlists-all",
    name: "All watchlist items, newest first",
    sql: "SELECT * FROM watchlists ORDER BY added_at DESC LIMIT 50",
    params: () => [],
    index: "ix_watchlists_added_at",
  },
  {
    id: "triggered-all",
    name: "Recently triggered items",
    sql: "SELECT * FROM watchlists WHERE triggered_at IS NOT NULL ORDER BY triggered_at DESC LIMIT 50",
    params: () => [],
    index: "ix_watchlists_triggered_at",
  },
  {
    id: "alerts",
    name: "A user's alerts",
    sql: "SELECT * FROM alert_logs WHERE user_id = $1 ORDER BY alert_sent_at DESC LIMIT 50",
    params: (s) => [s.userId],
    index: "ix_alert_logs_user_sent_at",
  },
  {
    id: "alerts-filtered",
    name: "A user's alerts of one type in a date range",
    sql: "SELECT * FROM alert_logs WHERE user_id = $1 AND alert_type = $2 AND alert_sent_at >= $3 ORDER BY alert_sent_at DESC LIMIT 50",
    params: (s) => [s.userId, "PRICE_TARGET", new Date(Date.now() - 30 * DAY_MS)],
    index: "ix_alert_logs_user_sent_at",
  },
  {
    id: "alerts-ticker",
    name: "One ticker's alerts",
    sql: "SELECT * FROM alert_logs WHERE ticker = $1 ORDER BY alert_sent_at DESC LIMIT 50",
    params: (s) => [s.ticker],
    index: "ix_alert_logs_ticker_sent_at",
  },
  {
    id: "alert-history",
    name: "Alert history",
    sql: "SELECT * FROM alert_logs ORDER BY alert_sent_at DESC LIMIT 50",
    params: () => [],
    index: "ix_alert_logs_alert_sent_at",
  },
  {
    id: "scan-history",
    name: "Scan history",
    sql: "SELECT * FROM scan_logs ORDER BY start_time DESC LIMIT 50",
    params: () => [],
    index: "ix_scan_logs_start_time",
  },
];
