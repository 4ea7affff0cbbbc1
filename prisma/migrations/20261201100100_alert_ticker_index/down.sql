-- Reverses 20261201100100_alert_ticker_index.
DROP INDEX IF EXISTS "ix_alert_logs_ticker_sent_at";
