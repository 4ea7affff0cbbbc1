// Jobs are shared by every app instance through Redis: a job run elsewhere
// (here: by the shell script, with a BACKUP_DIR this process does not see) is
// listed and followed by id, and one whose process was killed shows as failed.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { withEnv } from "@/lib/env";
import { listJobs, readJob, settle, STALE_AFTER_MS } from "@/lib/ops/jobs";
import { opsFixture, type OpsFixture } from "@/test/ops-fixture";

let fx: OpsFixture;
let elsewhere: string;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  fx = await opsFixture("jobs_shared", { scans: 200_000 });
  elsewhere = await mkdtemp(path.join(tmpdir(), "legendai-other-instance-"));
}, 120_000);
afterAll(async () => {
  await fx.cleanup();
  await rm(elsewhere, { recursive: true, force: true });
  await closeDb();
});

/** This process, as another instance: its own BACKUP_DIR, the same database and Redis. */
const asOtherInstance = <T>(work: () => Promise<T>) => withEnv({ ...fx.config, BACKUP_DIR: elsewhere }, work);

describe("jobs across instances", () => {
  it("a backup run elsewhere is seen live, then finished, by id and in the list", async () => {
    const child = spawn("ops/scripts/db_backup.sh", [], {
      env: { ...process.env, DATABASE_URL: fx.config.DATABASE_URL, BACKUP_DIR: fx.backupDir }, // eslint-disable-line no-restricted-properties
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.on("close", resolve));
    let running = null;
    for (let i = 0; i < 200 && !running; i++) {
      await sleep(50);
      running =
        (await asOtherInstance(() => listJobs(1))).find((j) => j.status === "running" && j.pid === child.pid) ?? null;
    }
    expect(running, "the running job, seen from the other instance").not.toBeNull();
    await exited;
    expect(await asOtherInstance(() => readJob(running!.id))).toMatchObject({ status: "succeeded", kind: "backup" });
  }, 60_000);

  it("a job whose process was killed is shown as failed, within 10 s on another host", async () => {
    const child = spawn("ops/scripts/db_backup.sh", [], {
      env: { ...process.env, DATABASE_URL: fx.config.DATABASE_URL, BACKUP_DIR: fx.backupDir }, // eslint-disable-line no-restricted-properties
      stdio: "ignore",
    });
    let running = null;
    for (let i = 0; i < 200 && !running; i++) {
      await sleep(50);
      running =
        (await asOtherInstance(() => listJobs(1))).find((j) => j.status === "running" && j.pid === child.pid) ?? null;
    }
    expect(running).not.toBeNull();
    process.kill(child.pid!, "SIGKILL");
    await new Promise((resolve) => child.on("close", resolve));
    // On this host the dead pid gives it away at once; another host relies on the silent heartbeat.
    expect(await asOtherInstance(() => readJob(running!.id))).toMatchObject({ status: "failed" });
    const seenFromElsewhere = settle(
      { ...running!, host: "another-host" },
      Date.parse(running!.heartbeatAt) + STALE_AFTER_MS + 1,
    );
    expect(seenFromElsewhere.status).toBe("failed");
    expect(STALE_AFTER_MS).toBeLessThan(10_000);
  }, 60_000);
});
