// The frame every backup, restore and drill runs in: the one-at-a-time lock
// (refused at once when taken), a job record, and the lock released whatever
// happens. The dashboard returns as soon as the job exists; the CLI awaits it.
import type { Env } from "@/lib/env";
import { JobRecorder, type JobKind } from "@/lib/ops/jobs";
import { acquireOpsLock } from "@/lib/ops/lock";

export type Started<T> = { job: JobRecorder; done: Promise<T> };

export async function startOperation<T extends Record<string, unknown>>(
  config: Env,
  kind: JobKind,
  actor: string,
  work: (job: JobRecorder) => Promise<T>,
): Promise<Started<T>> {
  const lock = await acquireOpsLock(config.DATABASE_URL, kind, actor);
  let job: JobRecorder;
  try {
    job = await JobRecorder.start(config.BACKUP_DIR, kind, actor);
  } catch (error) {
    await lock.release();
    throw error;
  }
  const done = (async () => {
    try {
      const result = await work(job);
      await job.succeed(result);
      return result;
    } catch (error) {
      await job.fail(error);
      throw error;
    } finally {
      await lock.release();
    }
  })();
  // A caller that only wants the job id may never await `done`: its failure is in the job.
  done.catch(() => {});
  return { job, done };
}
