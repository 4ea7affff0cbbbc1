// The operator scripts as real processes: one operation at a time, a killed
// restore that changes nothing, and no password in argv, logs or files.
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { withEnv } from "@/lib/env";
import { startBackup } from "@/lib/ops/backup";
import { listJobs, readJob } from "@/lib/ops/jobs";
import { OpsBusyError } from "@/lib/ops/lock";
import { FIXTURE_PASSWORD, opsFixture, query, type OpsFixture } from "@/test/ops-fixture";

let fx: OpsFixture;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  fx = await opsFixture("resilience", { scans: 300_000 });
}, 120_000);
afterAll(async () => {
  await fx.cleanup();
  await closeDb();
});

function script(name: string, args: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(`ops/scripts/${name}`, args, {
    env: { ...process.env, DATABASE_URL: fx.config.DATABASE_URL, BACKUP_DIR: fx.backupDir, ...extraEnv }, // eslint-disable-line no-restricted-properties
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c));
  child.stderr.on("data", (c: Buffer) => (stderr += c));
  const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Every command line on the machine that mentions `word`, sampled until `until` settles. */
async function commandLinesWhile(word: string, until: Promise<unknown>): Promise<string[]> {
  const seen = new Set<string>();
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    for (const pid of await readdir("/proc").catch(() => [])) {
      if (!/^\d+$/.test(pid)) continue;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
      if (cmdline.includes(word)) seen.add(cmdline.replace(/\0/g, " ").trim());
    }
    await sleep(5);
  }
  return [...seen];
}

describe("one operation at a time", () => {
  it("ten concurrent backup requests: one runs, nine are told why at once", async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, () => fx.run(() => startBackup({ actor: "operator@legendai.local" }))),
    );
    const started = attempts.filter((a) => a.status === "fulfilled");
    const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(OpsBusyError);
      expect(r.reason.message).toMatch(
        /^a backup is already running, started \d\d:\d\d:\d\d UTC by operator@legendai\.local$/,
      );
    }
    await (started[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof startBackup>>>).value.done;
    // The lock is free again.
    await expect((await fx.run(() => startBackup({ actor: "next@x" }))).done).resolves.toMatchObject({
      path: expect.any(String),
    });
  });
});

describe("secrets", () => {
  it("db_backup.sh never puts the password in argv, its output, the job log or the manifest", async () => {
    const run = script("db_backup.sh", []);
    const lines = await commandLinesWhile("pg_dump", run.exited);
    expect(await run.exited).toBe(0);
    const dumps = lines.filter((l) => /pg_dump .*--snapshot/.test(l));
    expect(dumps.length, JSON.stringify(lines)).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(FIXTURE_PASSWORD);
    const { stdout, stderr } = run.output();
    expect(stdout.trim().split("\n").at(-1)).toMatch(/legendai_db_\d{8}_\d{6}\.sql\.gz$/); // the path, last
    expect(stdout + stderr).not.toContain(FIXTURE_PASSWORD);
    for (const name of await readdir(fx.backupDir, { recursive: true })) {
      if (name.endsWith(".json"))
        expect(await readFile(path.join(fx.backupDir, name), "utf8")).not.toContain(FIXTURE_PASSWORD);
    }
  });
});

describe("a restore killed part-way", () => {
  it("leaves the database exactly as it was, and its job shows failed", async () => {
    // Make the live data differ from the backup, so a partial restore would show.
    await query(fx.url, "DELETE FROM pattern_scans WHERE id % 3 = 0");
    await query(fx.url, "INSERT INTO tickers (symbol, name) VALUES ('LIVE', 'Only in the live database')");
    const before = await fx.stats();

    const run = script("db_restore.sh", ["--latest", "--yes"]);
    let restoring = null;
    for (let i = 0; i < 600 && !restoring; i++) {
      await sleep(50);
      const [job] = await fx.run(() => listJobs(1));
      if (job?.kind === "restore" && job.phase === "restoring" && job.bytesDone > 0) restoring = job;
    }
    expect(restoring, "the restore reached its restoring phase").not.toBeNull();
    process.kill(restoring!.pid, "SIGKILL");
    await run.exited;

    // psql saw its input end without COMMIT: wait for its session to go.
    for (let i = 0; i < 200; i++) {
      const sessions = await query(
        fx.url,
        "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      if (sessions.length === 0) break;
      await sleep(50);
    }
    // Every table as it was; the audit log has gained the record of the attempt, by design.
    const { audit_logs: auditAfter, ...after } = await fx.stats();
    const { audit_logs: auditBefore, ...expected } = before;
    expect(after).toEqual(expected);
    expect(auditAfter.rows).toBe(auditBefore.rows + 1);
    const [attempt] = await query<{ action: string; target: string }>(
      fx.url,
      "SELECT action, target FROM audit_logs ORDER BY id DESC LIMIT 1",
    );
    expect(attempt).toEqual({ action: "restore", target: restoring!.id });
    const job = await fx.run(() => readJob(restoring!.id));
    expect(job).toMatchObject({ status: "failed", error: expect.stringMatching(/interrupted during restoring/) });
    // The lock went with the killed process.
    await expect((await fx.run(() => startBackup({ actor: "after-kill@x" }))).done).resolves.toBeTruthy();
  });
});

/** A real full filesystem: a 1 MB tmpfs (the backup of this database is several MB). Needs root, as CI runs. */
async function withFullDisk<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "legendai-full-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]);
  try {
    return await work(dir);
  } finally {
    execFileSync("umount", [dir]);
    await rm(dir, { recursive: true, force: true });
  }
}

const leftovers = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith(".partial"));

describe("faults", () => {
  it("a full disk fails db_backup.sh cleanly: exit 1, the reason last, nothing kept, the job failed", async () => {
    await withFullDisk(async (dir) => {
      const run = script("db_backup.sh", [], { BACKUP_DIR: dir });
      expect(await run.exited).toBe(1);
      const { stdout, stderr } = run.output();
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n").at(-1)).toBe(
        `error: backup failed: the disk is full (${dir}); nothing was kept`,
      );
      expect(stderr).not.toMatch(/Unhandled|ENOSPC: no space|\n\s+at /);
      expect(await leftovers(dir)).toEqual([]);
      const [job] = await withEnv({ ...fx.config, BACKUP_DIR: dir }, () => listJobs(1));
      expect(job).toMatchObject({ status: "failed", error: expect.stringMatching(/the disk is full/) });
    });
  });

  it("a full disk fails the dashboard's backup the same way", async () => {
    await withFullDisk(async (dir) => {
      const config = { ...fx.config, BACKUP_DIR: dir };
      const { job, done } = await withEnv(config, () => startBackup({ actor: "operator@legendai.local" }));
      await expect(done).rejects.toThrow(`backup failed: the disk is full (${dir}); nothing was kept`);
      expect(await leftovers(dir)).toEqual([]);
      expect(await withEnv(config, () => readJob(job.id))).toMatchObject({ status: "failed" });
    });
  });

  it("losing the lock's connection stops the operation, so two never run at once", async () => {
    const { job, done } = await fx.run(() => startBackup({ actor: "lock-loser@x" }));
    const holders = await query<{ pid: number }>(
      fx.url,
      `SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'legendai-ops|backup|%' AND datname = current_database()`,
    );
    expect(holders).toHaveLength(1);
    await query(fx.url, "SELECT pg_terminate_backend($1)", [holders[0].pid]);
    await expect(done).rejects.toThrow(/lock's database connection was lost/);
    expect(await fx.run(() => readJob(job.id))).toMatchObject({ status: "failed" });
    expect(await leftovers(fx.backupDir)).toEqual([]);
  });

  it("killing db_backup.sh stops its pg_dump, and the next operation clears the half-written file", async () => {
    const run = script("db_backup.sh", []);
    let dumping = false;
    for (let i = 0; i < 400 && !dumping; i++) {
      await sleep(25);
      dumping = (await leftovers(fx.backupDir)).length > 0;
    }
    expect(dumping, "the backup started writing").toBe(true);
    process.kill(run.child.pid!, "SIGKILL");
    await run.exited;
    let running: string[] = [];
    for (let i = 0; i < 100; i++) {
      running = await commandLinesWhile("pg_dump --snapshot", sleep(10));
      if (running.length === 0) break;
      await sleep(50);
    }
    expect(running).toEqual([]);
    expect(await leftovers(fx.backupDir)).toHaveLength(1);
    await (
      await fx.run(() => startBackup({ actor: "next@x" }))
    ).done;
    expect(await leftovers(fx.backupDir)).toEqual([]);
  });
});
