// S3 against s3rver, a real S3 API server on loopback.
import { mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startS3Server, type S3Server } from "@/test/s3-server";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { startBackup } from "@/lib/ops/backup";
import { readManifest } from "@/lib/ops/manifest";
import { manifestPathOf } from "@/lib/ops/names";
import { startRestore } from "@/lib/ops/restore";
import { startVerify } from "@/lib/ops/verify";
import { sharedCatalog } from "@/lib/ops/catalog";
import { withEnv } from "@/lib/env";
import { createS3Client, listBackups, pruneS3, putText } from "@/lib/ops/s3";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";

const BUCKET = "legendai-backups";
let server: S3Server;
let fx: OpsFixture;

beforeAll(async () => {
  server = await startS3Server(BUCKET);
  fx = await opsFixture("s3", {
    env: server.env,
  });
});
afterAll(async () => {
  await fx.cleanup();
  await server.close();
  await closeDb();
});

describe("backups in S3", () => {
  it("round trip: backup and upload, delete the local copy, restore from S3", async () => {
    const backup = await (await fx.run(() => startBackup({ actor: "op" }))).done;
    expect(backup.s3).toEqual({ ok: true, message: `uploaded to s3://${BUCKET}/${path.basename(backup.path)}` });
    const head = await fx
      .run(() => createS3Client())
      .send(new HeadObjectCommand({ Bucket: BUCKET, Key: path.basename(backup.path) }));
    expect(head.Metadata?.sha256).toBe(backup.sha256);
    expect((await readManifest(backup.path))?.s3).toMatchObject({ status: "uploaded", bucket: BUCKET });

    const before = await fx.stats();
    await rm(backup.path);
    await rm(manifestPathOf(backup.path));
    await query(fx.url, "TRUNCATE alert_logs");
    const result = await (
      await fx.run(() => startRestore({ kind: "s3", url: `s3://${BUCKET}/${path.basename(backup.path)}` }, "op"))
    ).done;
    expect(result.differences).toEqual([]);
    expect(await fx.stats()).toEqual(before);
  });

  it("refuses an S3 object whose content does not match its recorded sha256", async () => {
    const s3 = fx.run(() => createS3Client());
    await putText(s3, BUCKET, "legendai_db_20200101_000000.sql.gz", "not a backup");
    const before = await fx.stats();
    const attempt = (
      await fx.run(() => startRestore({ kind: "s3", url: `s3://${BUCKET}/legendai_db_20200101_000000.sql.gz` }, "op"))
    ).done;
    await expect(attempt).rejects.toThrow(/unreadable|truncated|does not match/);
    expect(await fx.stats()).toEqual(before);
  });

  it("with S3 down, keeps the local backup and says the upload failed", async () => {
    const down = { ...fx.config, S3_ENDPOINT: "http://127.0.0.1:1" }; // nothing listens there
    const started = performance.now();
    const backup = await (await withEnv(down, () => startBackup({ actor: "op" }))).done;
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(backup.s3?.ok).toBe(false);
    expect(backup.s3?.message).toMatch(/^saved locally, upload failed: /);
    expect(existsSync(backup.path)).toBe(true);
    expect((await readManifest(backup.path))?.s3).toMatchObject({ status: "failed", error: expect.any(String) });
  });

  it("S3 retention removes copies older than S3_KEEP_DAYS but never the newest", async () => {
    const s3 = fx.run(() => createS3Client());
    for (const name of ["legendai_db_20200101_000000", "legendai_db_20200201_000000"]) {
      await putText(s3, BUCKET, `${name}.sql.gz`, "x");
      await putText(s3, BUCKET, `${name}.manifest.json`, "{}");
    }
    const removed = await pruneS3(s3, BUCKET, 30);
    expect(removed).toEqual(
      expect.arrayContaining(["legendai_db_20200101_000000.sql.gz", "legendai_db_20200201_000000.sql.gz"]),
    );
    const left = await listBackups(s3, BUCKET);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((b) => b.takenAt.getFullYear() > 2020)).toBe(true);
    // Everything older than the window, but the newest stays.
    expect(await pruneS3(s3, BUCKET, 0, Date.now() + 86_400_000)).toHaveLength(left.length - 1);
    expect(await listBackups(s3, BUCKET)).toHaveLength(1);
  });
});

describe("one catalog for every instance", () => {
  it("with S3, another instance (its own BACKUP_DIR) lists the backup, restores it and drills it", async () => {
    const taken = await (await fx.run(() => startBackup({ actor: "instance-a" }))).done;
    const otherDir = await mkdtemp(path.join(tmpdir(), "legendai-instance-b-"));
    const asB = <T>(work: () => Promise<T>) => withEnv({ ...fx.config, BACKUP_DIR: otherDir }, work);
    try {
      const catalog = await asB(() => sharedCatalog());
      expect(catalog[0]).toMatchObject({
        location: "s3",
        good: true,
        path: expect.stringContaining(path.basename(taken.path)),
      });
      await query(fx.url, "DELETE FROM pattern_scans WHERE id % 2 = 0");
      const restored = await (await asB(() => startRestore({ kind: "latest" }, "instance-b"))).done;
      expect(restored).toMatchObject({ restored: path.basename(taken.path), differences: [] });
      expect(existsSync(path.join(otherDir, path.basename(taken.path)))).toBe(true); // fetched, now local to B too
      const drill = await (await asB(() => startVerify("instance-b"))).done;
      expect(drill.ok).toBe(true);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
