-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('admin', 'operator', 'trader');

-- CreateEnum
CREATE TYPE "scan_status" AS ENUM ('running', 'success', 'failed');

-- CreateTable
CREATE TABLE "tickers" (
    "id" SERIAL NOT NULL,
    "symbol" VARCHAR(16) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "sector" VARCHAR(100),
    "exchange" VARCHAR(32),
    "market_cap" BIGINT,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tickers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pattern_scans" (
    "id" SERIAL NOT NULL,
    "ticker" VARCHAR(16) NOT NULL,
    "pattern_type" VARCHAR(32) NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "pivot_price" DOUBLE PRECISION,
    "entry_price" DOUBLE PRECISION,
    "details" JSONB,
    "scanned_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pattern_scans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "watchlists" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "ticker" VARCHAR(16) NOT NULL,
    "pattern_type" VARCHAR(32),
    "target_price" DOUBLE PRECISION,
    "notes" TEXT,
    "added_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "triggered_at" TIMESTAMPTZ(6),

    CONSTRAINT "watchlists_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scan_logs" (
    "id" SERIAL NOT NULL,
    "start_time" TIMESTAMPTZ(6) NOT NULL,
    "end_time" TIMESTAMPTZ(6),
    "status" "scan_status" NOT NULL DEFAULT 'running',
    "tickers_scanned" INTEGER NOT NULL DEFAULT 0,
    "patterns_found" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "scan_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_logs" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "ticker" VARCHAR(16) NOT NULL,
    "alert_type" VARCHAR(32) NOT NULL,
    "channel" VARCHAR(32) NOT NULL,
    "message" TEXT NOT NULL,
    "alert_sent_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "role" "user_role" NOT NULL DEFAULT 'trader',
    "password_hash" VARCHAR(255) NOT NULL,
    "disabled_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" SERIAL NOT NULL,
    "actor" VARCHAR(255) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "target" VARCHAR(255),
    "outcome" VARCHAR(16) NOT NULL,
    "details" JSONB,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_tickers_symbol" ON "tickers"("symbol");

-- CreateIndex
CREATE UNIQUE INDEX "uq_watchlists_user_ticker" ON "watchlists"("user_id", "ticker");

-- CreateIndex
CREATE UNIQUE INDEX "uq_users_email" ON "users"("email");

-- AddForeignKey
ALTER TABLE "watchlists" ADD CONSTRAINT "watchlists_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_logs" ADD CONSTRAINT "alert_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
