// Nothing piles up for ever: stale throttle rows, long-ended sessions and audit
// entries past AUDIT_KEEP_DAYS are pruned; what still matters is kept.
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { createUser } from "@/lib/db/queries/users";
import { env, loadEnv, withEnv } from "@/lib/env";
import { pruneOldRows } from "@/lib/housekeeping";
import { resetData } from "@/test/reset";
import { query } from "@/test/sql";

const db = () => env().DATABASE_URL;

beforeAll(async () => {
  await resetData();
  const user = await createUser({ email: "u@x.test", name: "u", role: "trader", password: "a good long password" });
  await query(
    db(),
    `INSERT INTO sign_in_throttles (key, failures, first_failure_at, locked_until, next_attempt_at) VALUES
       ('pair:stale|1.1.1.1', 3, now() - interval '1 hour', NULL, NULL),
       ('pair:locked|1.1.1.1', 0, now() - interval '1 hour', now() + interval '5 minutes', NULL),
       ('address:recent', 2, now() - interval '1 minute', NULL, NULL)`,
  );
  await query(
    db(),
    `INSERT INTO sessions (id, user_id, started_at, expires_at, ended_at, address) VALUES
       (gen_random_uuid(), $1, now() - interval '40 days', now() - interval '39 days', NULL, '1.1.1.1'),
       (gen_random_uuid(), $1, now() - interval '2 days', now() - interval '2 days', now() - interval '2 days', '1.1.1.1'),
       (gen_random_uuid(), $1, now(), now() + interval '8 hours', NULL, '1.1.1.1')`,
    [user.id],
  );
  await query(
    db(),
    `INSERT INTO audit_logs (actor, action, outcome, at) VALUES
       ('x', 'sign-in', 'failed', now() - interval '400 days'), ('x', 'sign-in', 'failed', now() - interval '10 days')`,
  );
});
afterAll(() => closeDb());

it("prunes stale throttles, sessions ended a month ago and audit entries past AUDIT_KEEP_DAYS", async () => {
  expect(await pruneOldRows()).toEqual({ throttles: 1, sessions: 1, audit: 1 });
  expect((await query(db(), `SELECT key FROM sign_in_throttles ORDER BY key`)).map((r) => r.key)).toEqual([
    "address:recent",
    "pair:locked|1.1.1.1",
  ]);
  expect(await query(db(), `SELECT 1 FROM sessions`)).toHaveLength(2);
  const keepAll = loadEnv({ ...process.env, AUDIT_KEEP_DAYS: "0" }); // eslint-disable-line no-restricted-properties
  await query(
    db(),
    `INSERT INTO audit_logs (actor, action, outcome, at) VALUES ('x', 'old', 'ok', now() - interval '900 days')`,
  );
  expect((await withEnv(keepAll, pruneOldRows)).audit).toBe(0);
});
