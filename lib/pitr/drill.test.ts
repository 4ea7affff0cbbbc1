// The PITR drill on a private cluster: recovered to the WAL position a logical
// backup's snapshot recorded, every table matches that backup's manifest
// (though the database changed since), the recovery time is measured and
// recorded; a manifest that does not match fails the drill, naming the table.
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { startBackup } from "@/lib/ops/backup";
import { readManifest, writeManifest } from "@/lib/ops/manifest";
import { startPitrDrill } from "@/lib/pitr/drill";
import { pitrFixture, type PitrFixture } from "@/test/pitr-fixture";
import { query } from "@/test/sql";

let fx: PitrFixture;
let backupPath: string;
const drill = () => fx.run(async () => (await startPitrDrill("cron")).done);

beforeAll(async () => {
  fx = await pitrFixture("drill", { scans: 2_000 });
  await new Promise((resolve) => setTimeout(resolve, 1100)); // past the second the setup's backup stopped in
  backupPath = (await fx.run(async () => (await startBackup({ actor: "cron", s3Bucket: null })).done)).path;
  await query(fx.url, "DELETE FROM pattern_scans WHERE id <= 500"); // the database moves on after the backup
  await query(fx.url, "INSERT INTO pattern_scans (ticker, pattern_type, score) VALUES ('AFTER', 'VCP', 1)");
  await fx.archived();
}, 120_000);
afterAll(async () => {
  fx?.cleanup();
  await closeDb();
});

describe("the PITR drill", () => {
  it("recovers to the backup's snapshot and matches every table of its manifest", async () => {
    const manifest = (await readManifest(backupPath))!;
    expect(manifest.snapshot).toEqual({ at: expect.any(String), lsn: expect.stringMatching(/^[0-9A-F]+\/[0-9A-F]+$/) });
    const result = await drill();
    expect(result).toMatchObject({
      backup: manifest.file,
      lsn: manifest.snapshot!.lsn,
      tables: Object.keys(manifest.tables).length,
    });
    expect(result.rtoMs).toBeGreaterThan(0);
    expect(readdirSync(fx.config.PITR_SCRATCH_DIR)).toEqual([]);
  }, 120_000);

  it("fails, naming the table, when the recovered data does not match the manifest", async () => {
    const manifest = (await readManifest(backupPath))!;
    manifest.tables.pattern_scans = { ...manifest.tables.pattern_scans, rows: manifest.tables.pattern_scans.rows + 1 };
    await writeManifest(backupPath, manifest);
    await expect(drill()).rejects.toThrow(/differs from legendai_db_\d{8}_\d{6}\.sql\.gz: .*pattern_scans/);
    expect(readdirSync(fx.config.PITR_SCRATCH_DIR)).toEqual([]);
  }, 120_000);
});
