import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { startBackup } from "@/lib/ops/backup";
import { localCatalog, readManifest, writeManifest } from "@/lib/ops/manifest";
import { latestBackup } from "@/lib/ops/restore";
import { startVerify } from "@/lib/ops/verify";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";
import { createScratchDb } from "@/test/scratch-db";

let fx: OpsFixture;
beforeAll(async () => {
  fx = await opsFixture("drill");
});
afterAll(async () => {
  await fx.cleanup();
  await closeDb();
});

const scratchDatabases = async () =>
  query(fx.url, "SELECT datname FROM pg_database WHERE datname LIKE 'legendai_verify_%'");

describe("the restore drill", () => {
  it("restores the newest backup into a scratch database, matches the manifest, records it, drops the scratch", async () => {
    const backup = await (await fx.run(() => startBackup({ actor: "op" }))).done;
    const result = await (await fx.run(() => startVerify("op"))).done;
    expect(result).toMatchObject({ backup: backup.path.split("/").at(-1), ok: true, problems: [] });
    expect((await readManifest(backup.path))?.verification).toMatchObject({
      ok: true,
      problems: [],
      durationMs: expect.any(Number),
    });
    expect(await scratchDatabases()).toEqual([]);
  });

  it("fails when the restored data does not match, records that, and the backup stops counting as good", async () => {
    const backup = await (await fx.run(() => startBackup({ actor: "op" }))).done;
    const manifest = (await readManifest(backup.path))!;
    manifest.tables.pattern_scans.rows += 1; // the manifest promises a row the dump does not have
    await writeManifest(backup.path, manifest);
    await expect((await fx.run(() => startVerify("op", backup.path))).done).rejects.toThrow(
      /pattern_scans: 2000 rows, expected 2001/,
    );
    expect((await readManifest(backup.path))?.verification).toMatchObject({
      ok: false,
      problems: ["pattern_scans: 2000 rows, expected 2001"],
    });
    expect((await fx.run(() => latestBackup()))?.path).not.toBe(backup.path);
    expect((await fx.run(() => localCatalog())).find((e) => e.path === backup.path)?.good).toBe(false);
    expect(await scratchDatabases()).toEqual([]);
  });
});

describe("db:migrate -- --backup-first", () => {
  it("backs up before applying anything", async () => {
    const empty = await createScratchDb("backupfirst");
    try {
      const { stdout } = await promisify(execFile)("npx", ["tsx", "ops/cli/db-migrate.ts", "--backup-first"], {
        env: { ...process.env, DATABASE_URL: empty.url, BACKUP_DIR: fx.backupDir }, // eslint-disable-line no-restricted-properties
      });
      const lines = stdout.trim().split("\n");
      expect(lines[0]).toMatch(/^backup before migrating: .*legendai_db_\d{8}_\d{6}\.sql\.gz$/);
      expect(lines.at(-1)).toBe("9 migration(s) applied");
      const manifest = await readManifest(lines[0].replace("backup before migrating: ", ""));
      expect(manifest).toMatchObject({ migrations: [], source: { database: empty.name } });
    } finally {
      await empty.drop();
    }
  });
});
