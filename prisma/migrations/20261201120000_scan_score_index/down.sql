-- Reverses 20261201120000_scan_score_index.
CREATE INDEX IF NOT EXISTS "ix_pattern_scans_ticker_scanned_at" ON "pattern_scans"("ticker", "scanned_at" DESC);
DROP INDEX IF EXISTS "ix_pattern_scans_ticker";
DROP INDEX IF EXISTS "ix_pattern_scans_score";
