-- Watching the database: alert incidents and their state (lib/alerts), the
-- settings admins change on the dashboard, which instance ran a periodic job
-- last (so that exactly one does), and the snapshots behind the statement
-- history and the growth charts (kept 7 days).

-- One row per incident of a rule and a subject (a table, a sequence, ...): pending while its
-- condition has not yet held long enough, firing, then resolved.
CREATE TABLE "alert_incidents" (
    "id" SERIAL NOT NULL,
    "rule" VARCHAR(64) NOT NULL,
    "subject" VARCHAR(255) NOT NULL DEFAULT '',
    "status" VARCHAR(16) NOT NULL,
    "summary" TEXT NOT NULL,
    "pending_since" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "fired_at" TIMESTAMPTZ(6),
    "resolved_at" TIMESTAMPTZ(6),
    "acknowledged_by" VARCHAR(255),
    "acknowledged_at" TIMESTAMPTZ(6),
    "snoozed_until" TIMESTAMPTZ(6),
    "sent" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "alert_incidents_pkey" PRIMARY KEY ("id")
);
-- at most one open incident per rule and subject; also how the evaluator finds it
CREATE UNIQUE INDEX "uq_alert_incidents_open" ON "alert_incidents"("rule", "subject") WHERE resolved_at IS NULL;
-- the alerts page: newest first
CREATE INDEX "ix_alert_incidents_pending_since" ON "alert_incidents"("pending_since" DESC);

CREATE TABLE "app_settings" (
    "key" VARCHAR(64) NOT NULL,
    "value" JSONB NOT NULL,
    "updated_by" VARCHAR(255) NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    CONSTRAINT "app_settings_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "monitor_ticks" (
    "name" VARCHAR(64) NOT NULL,
    "last_run_at" TIMESTAMPTZ(6) NOT NULL,
    "run_by" VARCHAR(255) NOT NULL,
    CONSTRAINT "monitor_ticks_pkey" PRIMARY KEY ("name")
);

-- pg_stat_statements' cumulative counters for the busiest statements, every 5 minutes
CREATE TABLE "statement_snapshots" (
    "taken_at" TIMESTAMPTZ(6) NOT NULL,
    "queryid" BIGINT NOT NULL,
    "query" TEXT NOT NULL,
    "calls" DOUBLE PRECISION NOT NULL,
    "total_ms" DOUBLE PRECISION NOT NULL,
    "rows" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "statement_snapshots_pkey" PRIMARY KEY ("taken_at", "queryid")
);
-- one statement's history
CREATE INDEX "ix_statement_snapshots_queryid" ON "statement_snapshots"("queryid", "taken_at");

-- table sizes and row estimates, and sequence values, every 5 minutes
CREATE TABLE "relation_snapshots" (
    "taken_at" TIMESTAMPTZ(6) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "relation" VARCHAR(255) NOT NULL,
    "bytes" DOUBLE PRECISION NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "relation_snapshots_pkey" PRIMARY KEY ("taken_at", "kind", "relation")
);
-- one relation's history (growth per table, a sequence's rate)
CREATE INDEX "ix_relation_snapshots_relation" ON "relation_snapshots"("kind", "relation", "taken_at");
