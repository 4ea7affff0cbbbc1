-- Reverses 20261130120000_monitor_checks.
DROP TABLE IF EXISTS "monitor_checks";
