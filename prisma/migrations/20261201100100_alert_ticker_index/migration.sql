-- one ticker's alerts, newest first (the alerts filter by ticker); built online
CREATE INDEX IF NOT EXISTS "ix_alert_logs_ticker_sent_at" ON "alert_logs"("ticker", "alert_sent_at" DESC);
