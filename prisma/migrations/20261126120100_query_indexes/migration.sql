-- The spec's six indexes, and the composite/partial ones the real queries need.
-- Each one's purpose is written beside it in prisma/schema.prisma.

-- CreateIndex
CREATE INDEX "ix_pattern_scans_scanned_at" ON "pattern_scans"("scanned_at" DESC);

-- CreateIndex
CREATE INDEX "ix_pattern_scans_type_scanned_at" ON "pattern_scans"("pattern_type", "scanned_at" DESC, "id" DESC, "score");

-- CreateIndex
CREATE INDEX "ix_pattern_scans_ticker_scanned_at" ON "pattern_scans"("ticker", "scanned_at" DESC);

-- CreateIndex
CREATE INDEX "ix_watchlists_added_at" ON "watchlists"("added_at" DESC);

-- CreateIndex
CREATE INDEX "ix_watchlists_triggered_at" ON "watchlists"("triggered_at" DESC);

-- CreateIndex
CREATE INDEX "ix_watchlists_user_added_at" ON "watchlists"("user_id", "added_at" DESC);

-- CreateIndex
CREATE INDEX "ix_watchlists_user_triggered" ON "watchlists"("user_id", "triggered_at" DESC) WHERE triggered_at IS NOT NULL;

-- CreateIndex
CREATE INDEX "ix_scan_logs_start_time" ON "scan_logs"("start_time" DESC);

-- CreateIndex
CREATE INDEX "ix_alert_logs_alert_sent_at" ON "alert_logs"("alert_sent_at" DESC);

-- CreateIndex
CREATE INDEX "ix_alert_logs_user_id" ON "alert_logs"("user_id");

-- CreateIndex
CREATE INDEX "ix_alert_logs_user_sent_at" ON "alert_logs"("user_id", "alert_sent_at" DESC);

-- CreateIndex
CREATE INDEX "ix_audit_logs_at" ON "audit_logs"("at" DESC);
