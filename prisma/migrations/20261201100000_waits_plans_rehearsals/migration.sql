-- Why queries got slow and what a migration will do: active sessions sampled
-- once a second and counted per minute by what they waited on (kept 7 days),
-- the plans of the app's own query families with latency per plan (kept 7
-- days), and the reports of migration rehearsals.

-- Per minute: how many one-second samples found a session active on each wait, query and relation.
CREATE TABLE "wait_samples" (
    "minute" TIMESTAMPTZ(6) NOT NULL,
    "wait_class" VARCHAR(32) NOT NULL,
    "wait_event" VARCHAR(64) NOT NULL,
    "query_key" VARCHAR(64) NOT NULL,
    "query" TEXT NOT NULL,
    "application" VARCHAR(64) NOT NULL,
    "relation" VARCHAR(255) NOT NULL,
    "blockers" VARCHAR(255) NOT NULL,
    "samples" INTEGER NOT NULL,
    CONSTRAINT "wait_samples_pkey" PRIMARY KEY ("minute", "wait_class", "wait_event", "query_key", "application", "relation")
);

-- Per minute: how many samples were taken (the divisor of average active sessions), by whom, at what cost.
CREATE TABLE "wait_sample_minutes" (
    "minute" TIMESTAMPTZ(6) NOT NULL,
    "ticks" INTEGER NOT NULL,
    "sampler" VARCHAR(255) NOT NULL,
    "cost_ms" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "wait_sample_minutes_pkey" PRIMARY KEY ("minute")
);

-- Each plan a query family has run on, told apart by its fingerprint (node types, relations, indexes, join order).
CREATE TABLE "query_plans" (
    "family" VARCHAR(255) NOT NULL,
    "fingerprint" VARCHAR(16) NOT NULL,
    "query" TEXT NOT NULL,
    "plan" JSONB NOT NULL,
    "params" JSONB NOT NULL,
    "first_seen" TIMESTAMPTZ(6) NOT NULL,
    "last_seen" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "query_plans_pkey" PRIMARY KEY ("family", "fingerprint")
);

-- Per minute, family and plan: calls, total time and a latency histogram (the p95 of any window adds them up).
CREATE TABLE "query_plan_latency" (
    "family" VARCHAR(255) NOT NULL,
    "fingerprint" VARCHAR(16) NOT NULL,
    "minute" TIMESTAMPTZ(6) NOT NULL,
    "calls" INTEGER NOT NULL,
    "total_ms" DOUBLE PRECISION NOT NULL,
    "buckets" INTEGER[],
    CONSTRAINT "query_plan_latency_pkey" PRIMARY KEY ("family", "fingerprint", "minute")
);
-- pruning by age
CREATE INDEX "ix_query_plan_latency_minute" ON "query_plan_latency"("minute");

-- One row per rehearsal: the pending migrations it rehearsed (by checksum) and what each did.
CREATE TABLE "migration_rehearsals" (
    "id" SERIAL NOT NULL,
    "checksums" VARCHAR(64) NOT NULL,
    "backup" VARCHAR(255) NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "finished_at" TIMESTAMPTZ(6) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "report" JSONB NOT NULL,
    CONSTRAINT "migration_rehearsals_pkey" PRIMARY KEY ("id")
);
-- the last rehearsal of the same pending migrations
CREATE INDEX "ix_migration_rehearsals_checksums" ON "migration_rehearsals"("checksums", "finished_at" DESC);
