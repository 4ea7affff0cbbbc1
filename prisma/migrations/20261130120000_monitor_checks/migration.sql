-- The latest outcome of each thing the monitor checks, one row each: every
-- rule's evaluation ("rule:<id>": evaluated, or why it could not be) and every
-- delivery channel ("channel:<name>": its last delivery or probe). /incidents
-- shows them; one upsert per evaluation keeps them current.
CREATE TABLE "monitor_checks" (
    "name" VARCHAR(100) NOT NULL,
    "checked_at" TIMESTAMPTZ(6) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "detail" TEXT,
    CONSTRAINT "monitor_checks_pkey" PRIMARY KEY ("name")
);
