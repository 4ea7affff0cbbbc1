-- Reverses 20261127120000_monitoring.
DROP TABLE IF EXISTS "relation_snapshots";
DROP TABLE IF EXISTS "statement_snapshots";
DROP TABLE IF EXISTS "monitor_ticks";
DROP TABLE IF EXISTS "app_settings";
DROP TABLE IF EXISTS "alert_incidents";
