-- Reverses 20261130140000_sessions.
ALTER TABLE "sign_in_throttles" DROP COLUMN IF EXISTS "next_attempt_at";
DELETE FROM "sign_in_throttles" WHERE length("key") > 320;
ALTER TABLE "sign_in_throttles" ALTER COLUMN "key" TYPE VARCHAR(320);
DROP TABLE IF EXISTS "sessions";
