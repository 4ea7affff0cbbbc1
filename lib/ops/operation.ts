// The frame every backup, restore and drill runs in: the one-at-a-time lock
// (refused at once when taken), a job record, an audit entry when it starts,
// is refused, and ends, and the lock released whatever happens. Whoever starts
// it (a dashboard button, a shell script, cron) gets the same record. The
// dashboard returns as soon as the job exists; the CLI awaits it.
import { directDatabaseUrl, env } from "@/lib/env";
import { recordAudit } from "@/lib/db/queries/audit";
import { maskSecrets } from "@/lib/log/mask";
import { JobRecorder, type JobKind, type JobResult } from "@/lib/ops/jobs";
import { acquireOpsLock } from "@/lib/ops/lock";
import { removeLeftovers } from "@/lib/ops/retention";

export type Started<T> = { job: JobRecorder; done: Promise<T> };

const messageOf = (error: unknown) => maskSecrets(error instanceof Error ? error.message : String(error));

export async function startOperation<T extends JobResult>(
  kind: JobKind,
  actor: string,
  work: (job: JobRecorder) => Promise<T>,
): Promise<Started<T>> {
  const config = env();
  let job: JobRecorder;
  let release: () => Promise<void>;
  try {
    const lock = await acquireOpsLock(directDatabaseUrl(), kind, actor);
    release = lock.release;
    try {
      // Holding the lock, nothing else writes in BACKUP_DIR: what a killed run left there can go.
      await removeLeftovers(config.BACKUP_DIR);
      job = await JobRecorder.start(kind, actor);
      job.signal = lock.lost;
    } catch (error) {
      await release();
      throw error;
    }
  } catch (error) {
    await recordAudit({ actor, action: kind, outcome: "failed", details: { message: messageOf(error) } });
    throw error;
  }
  await recordAudit({ actor, action: kind, target: job.id, outcome: "ok" });
  const done = (async () => {
    try {
      const result = await work(job);
      await job.succeed(result);
      await recordAudit({ actor, action: `${kind}:finished`, target: job.id, outcome: "ok" });
      return result;
    } catch (error) {
      await job.fail(error);
      await recordAudit({
        actor,
        action: `${kind}:finished`,
        target: job.id,
        outcome: "failed",
        details: { message: messageOf(error) },
      });
      throw error;
    } finally {
      await release();
    }
  })();
  // A caller that only wants the job id may never await `done`: its failure is in the job and the audit log.
  done.catch(() => {});
  return { job, done };
}
