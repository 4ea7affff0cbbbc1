// A restore does not bring back what security took away: a session ended after
// the backup stays ended, a session begun after it stays valid, and a sign-in
// lock stays on. (They are carried over the restore like the audit log.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { startBackup } from "@/lib/ops/backup";
import { startRestore } from "@/lib/ops/restore";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";

let fx: OpsFixture;
const session = (id: string) =>
  query(
    fx.url,
    `INSERT INTO sessions (id, user_id, expires_at, address) VALUES ($1, 3, now() + interval '8 hours', '192.0.2.1')`,
    [id],
  );
const live = async () =>
  (await query<{ id: string }>(fx.url, `SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY id`)).map((r) => r.id);

const REVOKED = "00000000-0000-4000-8000-000000000001";
const KEPT = "00000000-0000-4000-8000-000000000002";
const NEWER = "00000000-0000-4000-8000-000000000003";

beforeAll(async () => {
  fx = await opsFixture("restore_security", { scans: 100 });
});
afterAll(async () => {
  await fx.cleanup();
  await closeDb();
});

describe("restoring a backup", () => {
  it("keeps ended sessions ended, later sessions valid, and locks on", async () => {
    await session(REVOKED);
    await session(KEPT);
    await (
      await fx.run(() => startBackup({ actor: "test" }))
    ).done;
    await query(fx.url, `UPDATE sessions SET ended_at = now(), end_reason = 'ended by an admin' WHERE id = $1`, [
      REVOKED,
    ]);
    await session(NEWER);
    await query(
      fx.url,
      `INSERT INTO sign_in_throttles (key, failures, locked_until) VALUES ('pair:t@x.test|6.6.6.6', 0, now() + interval '15 minutes')`,
    );
    const restored = await (await fx.run(() => startRestore({ kind: "latest" }, "test"))).done;
    expect(restored.differences).toEqual([]);
    expect(await live()).toEqual([KEPT, NEWER]);
    expect(await query(fx.url, `SELECT key FROM sign_in_throttles WHERE locked_until > now()`)).toEqual([
      { key: "pair:t@x.test|6.6.6.6" },
    ]);
  });
});
