-- Reverses 20261126120000_init: drops every table and enum it created.
DROP TABLE IF EXISTS "alert_logs";
DROP TABLE IF EXISTS "watchlists";
DROP TABLE IF EXISTS "audit_logs";
DROP TABLE IF EXISTS "scan_logs";
DROP TABLE IF EXISTS "pattern_scans";
DROP TABLE IF EXISTS "tickers";
DROP TABLE IF EXISTS "users";
DROP TYPE IF EXISTS "scan_status";
DROP TYPE IF EXISTS "user_role";
