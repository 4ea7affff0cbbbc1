import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env, withEnv } from "@/lib/env";
import { settle } from "@/lib/ops/jobs";
import type { Job } from "@/lib/ops/job-record";
import { backupDirProblem, localCatalog, writeManifest, type Manifest } from "@/lib/ops/manifest";
import { backupFileName } from "@/lib/ops/names";
import { pruneLocal, removeLeftovers } from "@/lib/ops/retention";

const DAY = 86_400_000;
let dir: string;

async function fakeBackup(
  daysAgo: number,
  options: { manifest?: boolean; drillFailed?: boolean } = {},
): Promise<string> {
  const file = path.join(dir, backupFileName(new Date(Date.now() - daysAgo * DAY)));
  await writeFile(file, "backup bytes");
  if (options.manifest !== false) {
    await writeManifest(file, {
      version: 1,
      file: path.basename(file),
      kind: "regular",
      actor: "t",
      createdAt: "",
      durationMs: 1,
      sizeBytes: 12,
      sha256: "0".repeat(64),
      source: { database: "d", host: "h", port: "5432", user: "u" },
      postgresVersion: "15",
      migrations: [],
      tables: {},
      s3: null,
      verification: options.drillFailed ? { at: "", ok: false, durationMs: 1, problems: ["x"] } : null,
    } satisfies Manifest);
  }
  return path.basename(file);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "legendai-retention-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const inBackupDir = <T>(work: () => T) => withEnv({ ...env(), BACKUP_DIR: dir }, work);
const backups = async () => (await readdir(dir)).filter((n) => n.endsWith(".sql.gz")).sort();

describe("pruneLocal", () => {
  it("removes backups older than KEEP_DAYS with their manifests", async () => {
    const recent = await fakeBackup(1);
    const old = await fakeBackup(10);
    await inBackupDir(() => pruneLocal(7));
    expect(await backups()).toEqual([recent]);
    expect((await readdir(dir)).some((n) => n.startsWith(old.replace(".sql.gz", "")))).toBe(false);
  });

  it("never removes the newest good backup, however old", async () => {
    const newestGood = await fakeBackup(20);
    await fakeBackup(30);
    const broken = await fakeBackup(15, { manifest: false }); // no manifest: not a good backup
    const failedDrill = await fakeBackup(12, { drillFailed: true });
    const removed = await inBackupDir(() => pruneLocal(7));
    expect(await backups()).toEqual([newestGood]);
    expect(removed.map((f) => path.basename(f)).sort()).toEqual(expect.arrayContaining([broken, failedDrill]));
  });

  it("leaves half-written files alone: only the next operation, holding the lock, may remove them", async () => {
    await writeFile(path.join(dir, ".running.sql.gz.partial"), "x");
    await inBackupDir(() => pruneLocal(7));
    expect((await readdir(dir)).filter((n) => n.endsWith(".partial"))).toEqual([".running.sql.gz.partial"]);
  });
});

describe("removeLeftovers", () => {
  it("removes half-written backups and downloads of any age, and nothing else", async () => {
    const kept = await fakeBackup(1);
    await writeFile(path.join(dir, ".legendai_db_20260101_000000.sql.gz.partial"), "x");
    await writeFile(path.join(dir, ".restore-1234-legendai_db_20260101_000000.sql.gz"), "x");
    expect((await removeLeftovers(dir)).sort()).toEqual([
      ".legendai_db_20260101_000000.sql.gz.partial",
      ".restore-1234-legendai_db_20260101_000000.sql.gz",
    ]);
    expect(await backups()).toEqual([kept]);
  });
});

describe("a BACKUP_DIR that is not a folder", () => {
  it("lists no backups (pages still load) and refuses an operation with the reason", async () => {
    const file = path.join(dir, "backups");
    await writeFile(file, "not a folder");
    await withEnv({ ...env(), BACKUP_DIR: file }, async () => {
      expect(await localCatalog()).toEqual([]);
      expect(backupDirProblem()).toBe(`BACKUP_DIR (${file}) is not a folder`);
    });
    await expect(removeLeftovers(file)).rejects.toThrow(
      `BACKUP_DIR (${file}) is not a folder: no backup can be written there`,
    );
  });
});

describe("jobs left running by a dead process", () => {
  const job = (overrides: Partial<Omit<Job, "kind" | "result">>): Job => ({
    id: "x",
    kind: "backup",
    actor: "a",
    status: "running",
    phase: "dumping",
    bytesDone: 0,
    bytesTotal: null,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    heartbeatAt: new Date().toISOString(),
    host: "elsewhere",
    pid: 1,
    log: [],
    result: null,
    error: null,
    ...overrides,
  });

  it("are shown as failed once their heartbeat stops", () => {
    expect(settle(job({})).status).toBe("running");
    const stale = settle(job({ heartbeatAt: new Date(Date.now() - 60_000).toISOString() }));
    expect(stale).toMatchObject({ status: "failed", error: expect.stringMatching(/interrupted during dumping/) });
  });
});
