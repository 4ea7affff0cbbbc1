-- Sessions that end: each signed-in browser has a row here, named in its
-- (signed) session cookie; signing out, a password change or reset, a role
-- change or disabling the user end it, and it never outlives expires_at.
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "ended_at" TIMESTAMPTZ(6),
    "end_reason" VARCHAR(64),
    "address" VARCHAR(64) NOT NULL,
    "user_agent" VARCHAR(255) NOT NULL DEFAULT '',
    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- a user's sessions (ending them all); also the foreign key's index, for deleting a user
CREATE INDEX "ix_sessions_user_id" ON "sessions"("user_id");

-- Sign-in throttles gain the per account-and-address key ("pair:<email>|<address>", longer than
-- 320) and, for the per-account key, when its next attempt may be checked (a delay, never a lock).
ALTER TABLE "sign_in_throttles" ALTER COLUMN "key" TYPE VARCHAR(400);
ALTER TABLE "sign_in_throttles" ADD COLUMN "next_attempt_at" TIMESTAMPTZ(6);
