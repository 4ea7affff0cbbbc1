// A bad DELETE, brought back: the table as it was at the chosen second is
// copied from a scratch cluster into recovered.<table>_<time>, compared with
// live by primary key, and the missing rows inserted on request. Live rows
// are never changed; the scratch cluster is always removed; a time outside
// the recoverable window is refused with the window named.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { readCatalog } from "@/lib/db/migrations/catalog";
import { withPgClient } from "@/lib/db/pg-client";
import { recoverTableInput, startRecoverTable } from "@/lib/pitr/recover-table";
import { startInsertMissing } from "@/lib/pitr/insert-missing";
import { runAsCluster } from "@/lib/pitr/run-as";
import { pitrFixture, type PitrFixture } from "@/test/pitr-fixture";
import { query } from "@/test/sql";

let fx: PitrFixture;
/** The schema as the drift and baseline checks read it. */
const schemaOf = (url: string) => withPgClient(url, async (client) => [...(await readCatalog(client))]);
const count = async (sql: string) => Number((await query<{ n: string }>(fx.url, sql))[0].n);
const recover = (input: Record<string, unknown>) =>
  fx.run(async () => (await startRecoverTable("operator@x.test", recoverTableInput.parse(input))).done);

beforeAll(async () => {
  fx = await pitrFixture("recover", { scans: 3_000 });
}, 120_000);
afterAll(async () => {
  fx?.cleanup();
  await closeDb();
});

describe("bringing back a table as it was", () => {
  let before: Date;
  let first: string;

  it("copies the rows as they were, next to live, and says what differs", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the second the setup's backup stopped in
    await query(fx.url, "UPDATE pattern_scans SET score = 0 WHERE id BETWEEN 1 AND 10");
    await fx.archived();
    before = new Date((await query<{ now: Date }>(fx.url, "SELECT now()"))[0].now);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await query(fx.url, "DELETE FROM pattern_scans WHERE pattern_type = 'VCP'"); // the bad DELETE
    await query(fx.url, "UPDATE pattern_scans SET score = 9.9 WHERE id = 2");
    await query(fx.url, "INSERT INTO pattern_scans (ticker, pattern_type, score) VALUES ('NEW', 'FLAT_BASE', 5)");
    await fx.archived();
    const liveBefore = await query(fx.url, "SELECT * FROM pattern_scans ORDER BY id");
    const schemaBefore = await schemaOf(fx.url);

    const result = await recover({ table: "pattern_scans", at: before.toISOString() });
    first = result.recovered;
    expect(result.rows).toBe(3_000);
    expect(result.comparison).toEqual({ onlyRecovered: 1_000, onlyLive: 1, changed: 1, same: 1_999 });
    expect(await count(`SELECT count(*) AS n FROM ${result.recovered}`)).toBe(3_000);
    expect(await count(`SELECT count(*) AS n FROM ${result.recovered} WHERE pattern_type = 'VCP'`)).toBe(1_000);
    expect(await query(fx.url, "SELECT * FROM pattern_scans ORDER BY id")).toEqual(liveBefore); // live untouched
    expect(readdirSync(fx.config.PITR_SCRATCH_DIR)).toEqual([]);
    expect(await schemaOf(fx.url)).toEqual(schemaBefore); // the recovered schema is no schema drift

    expect(
      await fx.run(async () => (await startInsertMissing("operator@x.test", { recovered: result.recovered })).done),
    ).toEqual({ table: "pattern_scans", recovered: result.recovered, inserted: 1_000 });
    expect(await count("SELECT count(*) AS n FROM pattern_scans WHERE pattern_type = 'VCP'")).toBe(1_000);
    expect(await count("SELECT count(*) AS n FROM pattern_scans WHERE id = 2 AND score = 9.9")).toBe(1); // not overwritten
  }, 120_000);

  it("with a condition, brings back only the matching rows", async () => {
    const result = await recover({ table: "pattern_scans", at: before.toISOString(), where: "ticker = 'T1'" });
    expect(result.recovered).toBe(`${first}_2`); // the same second again: the first copy is kept
    expect(result.rows).toBeGreaterThan(0);
    expect(result.rows).toBe(
      await count("SELECT count(*) AS n FROM pattern_scans WHERE ticker = 'T1' AND ticker <> 'NEW'"),
    );
  }, 120_000);

  it("recovers to this very second of a quiet database (the archive is sealed past it first)", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const [{ now }] = await query<{ now: Date }>(fx.url, "SELECT now()"); // nothing is written after this
    const result = await recover({ table: "scan_logs", at: new Date(now).toISOString() });
    expect(result.rows).toBe(await count("SELECT count(*) AS n FROM scan_logs"));
  }, 120_000);

  it("refuses a time outside the recoverable window, naming it", async () => {
    await expect(recover({ table: "pattern_scans", at: "2020-01-01T00:00:00Z" })).rejects.toThrow(
      /^2020-01-01T00:00:00\.000Z is outside the recoverable window \(\d{4}-.* to \d{4}-.*\)$/,
    );
  });

  it("refuses a condition that is not one condition; what a killed run left is removed", async () => {
    const leftover = path.join(fx.config.PITR_SCRATCH_DIR, "scratch-1-killed");
    await fx.run(() => runAsCluster("mkdir", ["-p", path.join(leftover, "data")])); // as a SIGKILLed run leaves it
    await expect(
      recover({ table: "pattern_scans", at: before.toISOString(), where: "true; DROP TABLE users" }),
    ).rejects.toThrow(/the condition cannot be used/);
    expect(readdirSync(fx.config.PITR_SCRATCH_DIR)).toEqual([]);
  }, 120_000);
});
