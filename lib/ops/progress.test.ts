// Progress that means something: speed, time left, against a known or estimated total.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { env, withEnv } from "@/lib/env";
import { describeProgress } from "@/lib/ops/job-progress";
import { JobRecorder } from "@/lib/ops/job-recorder";

afterAll(() => closeDb());

describe("job progress", () => {
  it("reports the phase's speed and the time left at that speed, marking an estimated total", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "legendai-progress-"));
    try {
      await withEnv({ ...env(), BACKUP_DIR: dir }, async () => {
        const job = await JobRecorder.start("backup", "t");
        const lines: string[] = [];
        job.progressListeners.push((line) => lines.push(line));
        job.phase("dumping", 100 * 1024 * 1024, { estimated: true });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        job.progress(25 * 1024 * 1024);
        const { bytesPerSecond, secondsLeft } = job.job;
        expect(bytesPerSecond! / 1024 / 1024).toBeGreaterThan(15);
        expect(bytesPerSecond! / 1024 / 1024).toBeLessThan(26);
        expect(secondsLeft).toBeCloseTo((75 * 1024 * 1024) / bytesPerSecond!, 5);
        expect(lines).toEqual([
          expect.stringMatching(/^dumping: 25\.0 MB of ~100\.0 MB, \d+\.\d MB\/s, about \d+ s left$/),
        ]);
        job.phase("verifying", 1024);
        expect(job.job).toMatchObject({
          bytesDone: 0,
          bytesPerSecond: null,
          secondsLeft: null,
          bytesTotalEstimated: false,
        });
        await job.succeed({} as never);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says nothing it does not know: no total, no time left", () => {
    expect(
      describeProgress({
        phase: "restoring",
        bytesDone: 5 * 1024 * 1024,
        bytesTotal: null,
        bytesPerSecond: 1024 * 1024,
        secondsLeft: null,
      }),
    ).toBe("restoring: 5.0 MB, 1.0 MB/s");
  });
});
