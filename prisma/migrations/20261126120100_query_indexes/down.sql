-- Reverses 20261126120100_query_indexes.
DROP INDEX IF EXISTS "ix_pattern_scans_scanned_at";
DROP INDEX IF EXISTS "ix_pattern_scans_type_scanned_at";
DROP INDEX IF EXISTS "ix_pattern_scans_ticker_scanned_at";
DROP INDEX IF EXISTS "ix_watchlists_added_at";
DROP INDEX IF EXISTS "ix_watchlists_triggered_at";
DROP INDEX IF EXISTS "ix_watchlists_user_added_at";
DROP INDEX IF EXISTS "ix_watchlists_user_triggered";
DROP INDEX IF EXISTS "ix_scan_logs_start_time";
DROP INDEX IF EXISTS "ix_alert_logs_alert_sent_at";
DROP INDEX IF EXISTS "ix_alert_logs_user_id";
DROP INDEX IF EXISTS "ix_alert_logs_user_sent_at";
DROP INDEX IF EXISTS "ix_audit_logs_at";
