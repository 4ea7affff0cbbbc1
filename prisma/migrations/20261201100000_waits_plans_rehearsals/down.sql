-- Reverses 20261201100000_waits_plans_rehearsals.
DROP TABLE IF EXISTS "migration_rehearsals";
DROP TABLE IF EXISTS "query_plan_latency";
DROP TABLE IF EXISTS "query_plans";
DROP TABLE IF EXISTS "wait_sample_minutes";
DROP TABLE IF EXISTS "wait_samples";
