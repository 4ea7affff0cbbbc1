-- Indexes for ten million scans and more.
-- Scans by highest score (the scan table's "Highest score" sort, keyset pages in
-- the same order): without it every such page sorts the whole table.
CREATE INDEX IF NOT EXISTS "ix_pattern_scans_score" ON "pattern_scans"("score" DESC, "scanned_at" DESC, "id" DESC);
-- One ticker's scans with the columns its page sums (pattern, score, prices):
-- the ticker page's history reads the index alone instead of one heap page per
-- scan. It replaces (ticker, scanned_at), which it also serves; built first, so
-- one ticker's scans are never without an index.
CREATE INDEX IF NOT EXISTS "ix_pattern_scans_ticker" ON "pattern_scans"("ticker", "scanned_at" DESC, "pattern_type", "score", "pivot_price", "entry_price");
DROP INDEX IF EXISTS "ix_pattern_scans_ticker_scanned_at";
