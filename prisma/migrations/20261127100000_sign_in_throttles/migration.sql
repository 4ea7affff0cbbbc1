-- Failed sign-ins per account and per client address: five within fifteen
-- minutes lock that account or address for fifteen minutes (lib/auth/throttle.ts).
CREATE TABLE "sign_in_throttles" (
    "key" VARCHAR(320) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "first_failure_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "locked_until" TIMESTAMPTZ(6),
    CONSTRAINT "sign_in_throttles_pkey" PRIMARY KEY ("key")
);
