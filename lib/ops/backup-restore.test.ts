import { existsSync } from "node:fs";
import { copyFile, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { startBackup, type BackupResult } from "@/lib/ops/backup";
import { listJobs, readJob } from "@/lib/ops/jobs";
import { localCatalog, readManifest, writeManifest } from "@/lib/ops/manifest";
import { manifestPathOf } from "@/lib/ops/names";
import { RestoreRefusedError, startRestore } from "@/lib/ops/restore";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";
import { schemaOf } from "@/test/production-like";

let fx: OpsFixture;
let first: BackupResult;

const backup = async () => await (await fx.run(() => startBackup({ actor: "operator@legendai.local" }))).done;
const restore = async (source: Parameters<typeof startRestore>[0]) =>
  (await fx.run(() => startRestore(source, "operator@legendai.local"))).done;
const sha256 = async (file: string) =>
  (await import("node:crypto"))
    .createHash("sha256")
    .update(await readFile(file))
    .digest("hex");

beforeAll(async () => {
  fx = await opsFixture("ops");
  first = await backup();
});
afterAll(async () => {
  await fx.cleanup();
  await closeDb();
});

describe("backup", () => {
  it("writes legendai_db_YYYYMMDD_HHMMSS.sql.gz and a manifest that describes it", async () => {
    expect(path.basename(first.path)).toMatch(/^legendai_db_\d{8}_\d{6}\.sql\.gz$/);
    const manifest = (await readManifest(first.path))!;
    expect(manifest).toMatchObject({
      kind: "regular",
      actor: "operator@legendai.local",
      sizeBytes: first.sizeBytes,
      sha256: first.sha256,
    });
    expect(manifest.sha256).toBe(await sha256(first.path));
    expect(manifest.migrations).toEqual([
      "20261126120000_init",
      "20261126120100_query_indexes",
      "20261127100000_sign_in_throttles",
      "20261127120000_monitoring",
      "20261130120000_monitor_checks",
      "20261130140000_sessions",
      "20261201100000_waits_plans_rehearsals",
      "20261201100100_alert_ticker_index",
      "20261201120000_scan_score_index",
    ]);
    expect(manifest.postgresVersion).toMatch(/^\d+/);
    expect(manifest.source).toMatchObject({ host: "127.0.0.1", user: "postgres" });
    expect(manifest.tables).toEqual(await fx.stats());
    expect(manifest.tables.pattern_scans.rows).toBe(2_000);
    // No half-written file is left looking like a backup.
    expect((await readdir(fx.backupDir)).filter((n) => n.includes("partial"))).toEqual([]);
  });

  it("is a job with phases, a log and a result, kept afterwards", async () => {
    const [job] = await fx.run(() => listJobs(1));
    expect(job).toMatchObject({ kind: "backup", status: "succeeded", phase: "done", actor: "operator@legendai.local" });
    expect(job.log.map((l) => l.line)).toEqual(expect.arrayContaining(["phase: dumping", "phase: verifying"]));
    expect(job.result).toMatchObject({ path: expect.stringMatching(/\.sql\.gz$/) });
  });
});

describe("restore", () => {
  it("restores the latest backup: every table equal to the backup, after a safety backup", async () => {
    const latest = await backup();
    const before = await fx.stats();
    const schemaBefore = schemaOf(fx.url);
    await query(fx.url, "DELETE FROM pattern_scans WHERE id % 2 = 0");
    await query(fx.url, "DROP INDEX ix_pattern_scans_ticker");
    await query(fx.url, "UPDATE users SET name = 'changed'");
    await query(fx.url, "INSERT INTO tickers (symbol, name) VALUES ('NEW', 'Added after the backup')");
    expect(await fx.stats()).not.toEqual(before);

    const result = await restore({ kind: "latest" });
    expect(result.restored).toBe(path.basename(latest.path));
    expect(result.differences).toEqual([]);
    expect(result.migrations).toMatchObject({
      current: "20261201120000_scan_score_index",
      counts: { pending: 0, failed: 0 },
    });
    expect(await fx.stats()).toEqual(before);
    expect(schemaOf(fx.url)).toBe(schemaBefore);

    const safety = (await readManifest(result.safetyBackup!))!;
    expect(safety.kind).toBe("safety");
    expect(safety.tables.tickers.rows).toBe(before.tickers.rows + 1); // it holds the state we replaced
    const catalog = await fx.run(() => localCatalog());
    expect(catalog.find((e) => e.path === result.safetyBackup)?.manifest?.kind).toBe("safety");
  });

  it("keeps the audit log entries written after the backup", async () => {
    await backup();
    await query(fx.url, `INSERT INTO audit_logs (actor, action, outcome) VALUES ('op@x', 'after-the-backup', 'ok')`);
    await restore({ kind: "latest" });
    const rows = await query<{ action: string }>(fx.url, "SELECT action FROM audit_logs ORDER BY id");
    expect(rows.map((r) => r.action)).toContain("after-the-backup");
    await query(fx.url, `INSERT INTO audit_logs (actor, action, outcome) VALUES ('op@x', 'next-entry', 'ok')`); // ids do not collide
  });

  it("--latest skips safety backups", async () => {
    const catalog = await fx.run(() => localCatalog());
    expect(catalog[0].manifest?.kind).toBe("safety");
    const result = await restore({ kind: "latest" });
    expect(result.restored).not.toBe(path.basename(catalog[0].path));
  });

  it.each([
    [
      "corrupt (one byte changed)",
      "legendai_db_20200101_000010.sql.gz",
      (data: Buffer) => Buffer.from(data).fill(0x41, data.length >> 1, (data.length >> 1) + 1),
    ],
    ["truncated", "legendai_db_20200101_000020.sql.gz", (data: Buffer) => data.subarray(0, data.length >> 1)],
  ])("refuses a %s file and leaves the database untouched", async (_label, name, damage) => {
    const before = await fx.stats();
    const backupsBefore = (await fx.run(() => localCatalog())).length;
    const file = path.join(fx.backupDir, name);
    await writeFile(file, damage(await readFile(first.path)));
    await copyFile(manifestPathOf(first.path), manifestPathOf(file));
    await expect(restore({ kind: "file", path: file })).rejects.toThrow(RestoreRefusedError);
    await expect(restore({ kind: "file", path: file })).rejects.toThrow(/not touched/);
    expect(await fx.stats()).toEqual(before);
    expect((await fx.run(() => localCatalog())).length).toBe(backupsBefore + 1); // no safety backup was taken
  });

  it("refuses a truncated file that has no manifest", async () => {
    const file = path.join(fx.backupDir, "legendai_db_20200101_000001.sql.gz");
    const sql = gunzipSync(await readFile(first.path)).toString();
    await writeFile(file, gzipSync(sql.slice(0, sql.length >> 1)));
    await expect(restore({ kind: "file", path: file })).rejects.toThrow(/truncated/);
  });

  it("a restore that fails halfway leaves the database as it was", async () => {
    const before = await fx.stats();
    // A valid, complete, checksummed backup whose SQL breaks after the tables were dropped.
    const sql = gunzipSync(await readFile(first.path)).toString();
    const cut = sql.indexOf("CREATE TABLE");
    const broken = `${sql.slice(0, cut)}SELECT * FROM this_table_does_not_exist;\n${sql.slice(cut)}`;
    const file = path.join(fx.backupDir, "legendai_db_20200101_000002.sql.gz");
    await writeFile(file, gzipSync(broken));
    const manifest = (await readManifest(first.path))!;
    await writeManifest(file, {
      ...manifest,
      file: path.basename(file),
      sha256: await sha256(file),
      sizeBytes: (await readFile(file)).length,
    });

    await expect(restore({ kind: "file", path: file })).rejects.toThrow(
      /rolled back, nothing changed: .*this_table_does_not_exist/,
    );
    expect(await fx.stats()).toEqual(before);
    const [job] = await fx.run(() => listJobs(1));
    expect(job).toMatchObject({ kind: "restore", status: "failed", phase: "restoring" });
  });

  it("a missing file is refused with a clear message", async () => {
    await expect(restore({ kind: "file", path: path.join(fx.backupDir, "nope.sql.gz") })).rejects.toThrow(
      /does not exist/,
    );
  });
});

describe("jobs", () => {
  it("can be read by id while and after they run", async () => {
    const { job, done } = await fx.run(() => startBackup({ actor: "ops@x" }));
    const running = await fx.run(() => readJob(job.id));
    expect(running?.status).toBe("running");
    await done;
    expect((await fx.run(() => readJob(job.id)))?.status).toBe("succeeded");
    expect(existsSync(path.join(fx.backupDir, "jobs", `${job.id}.json`))).toBe(true);
    expect(await fx.run(() => readJob("../../etc/passwd"))).toBeNull();
  });
});
