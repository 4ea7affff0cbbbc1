// The whole cluster taken back to a second, in place: a safety backup of the
// state being left, the rows as they were at the target, later writes gone,
// the database taking writes again, and both steps in the audit log.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { env, withEnv } from "@/lib/env";
import { restoreInPlace } from "@/lib/pitr/restore-in-place";
import { pitrFixture, type PitrFixture } from "@/test/pitr-fixture";
import { query } from "@/test/sql";

let fx: PitrFixture;
const count = async (sql: string) => Number((await query<{ n: string }>(fx.url, sql))[0].n);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  fx = await pitrFixture("inplace", { scans: 1_000 });
}, 120_000);
afterAll(async () => {
  fx?.cleanup();
  await closeDb();
});

it("takes the cluster back to the chosen second after a safety backup", async () => {
  await pause(1100); // past the second the setup's backup stopped in
  await query(fx.url, "INSERT INTO pattern_scans (ticker, pattern_type, score) VALUES ('KEEP', 'VCP', 5)");
  await fx.archived();
  const [{ now: target }] = await query<{ now: Date }>(fx.url, "SELECT now()");
  await pause(1100);
  await query(fx.url, "DELETE FROM pattern_scans WHERE ticker <> 'KEEP'"); // the worst day
  await query(fx.url, "INSERT INTO pattern_scans (ticker, pattern_type, score) VALUES ('LATER', 'VCP', 5)");
  await fx.archived();
  const said: string[] = [];

  const result = await fx.run(() =>
    restoreInPlace({ at: new Date(target), actor: "operator@x.test" }, (line) => said.push(line)),
  );

  expect(await count("SELECT count(*) AS n FROM pattern_scans")).toBe(1_001);
  expect(await count("SELECT count(*) AS n FROM pattern_scans WHERE ticker = 'LATER'")).toBe(0);
  expect(existsSync(result.safetyBackup)).toBe(true);
  expect(said).toContainEqual(expect.stringMatching(/^stopping the cluster/));
  const audited = await query(
    env().DATABASE_URL, // the app's audit log is in the app's own database
    "SELECT 1 FROM audit_logs WHERE action = 'pitr-restore:finished' AND target = $1",
    [result.at],
  );
  expect(audited).toHaveLength(1);
  await query(fx.url, "INSERT INTO pattern_scans (ticker, pattern_type, score) VALUES ('AFTER', 'VCP', 5)"); // writable
}, 180_000);

it("refuses to start without the stop and start commands, changing nothing", async () => {
  await expect(
    withEnv({ ...fx.config, PITR_STOP_COMMAND: undefined }, () =>
      restoreInPlace({ at: new Date(), actor: "operator@x.test" }, () => {}),
    ),
  ).rejects.toThrow(/PITR_STOP_COMMAND and PITR_START_COMMAND/);
});
