// The frame every backup, restore and drill runs in: the one-at-a-time lock
// (refused at once when taken), a job record, an audit entry when it starts,
// is refused, and ends, and the lock released whatever happens. Whoever starts
// it (a dashboard button, a shell script, cron) gets the same record. The
// dashboard returns as soon as the job exists; the CLI awaits it.
//
// Each operation declares itself where it lives, with defineOperation: its
// kind (the audit and job name), its label for people, and how its result
// reads in one sentence. Nothing here knows which operations exist.
import { traced } from "@/lib/tracing/spans";
import { directDatabaseUrl, env } from "@/lib/env";
import { recordAudit } from "@/lib/db/queries/audit";
import { maskSecrets } from "@/lib/mask";
import { JobRecorder } from "@/lib/ops/job-recorder";
import { UserFacingError } from "@/lib/errors";
import { usableBackupDir } from "@/lib/ops/backup-dir";
import { acquireOpsLock } from "@/lib/ops/lock";
import { removeLeftovers } from "@/lib/ops/retention";

export type Started<T> = { job: JobRecorder; done: Promise<T> };

export type OperationSpec<Result> = {
  /** "backup": the job's kind and the audit log's action. */
  kind: string;
  /** "Backup": how the dashboard names it. */
  label: string;
  /** The result in one sentence, for the job record. */
  summarise: (result: Result) => string;
  /** What it acted on (the backup file), named in the audit log's "finished" entry; the job id otherwise. */
  subject?: (result: Result) => string;
};

export type Operation<Result> = OperationSpec<Result> & {
  start: (actor: string, work: (job: JobRecorder) => Promise<Result>) => Promise<Started<Result>>;
};

const messageOf = (error: unknown) => maskSecrets(error instanceof Error ? error.message : String(error));

export function defineOperation<Result>(spec: OperationSpec<Result>): Operation<Result> {
  return { ...spec, start: (actor, work) => startOperation(spec, actor, work) };
}

/** The lock, then the job: a refusal (busy, BACKUP_DIR unusable) is audited and thrown before any job exists. */
async function begin(
  spec: OperationSpec<unknown>,
  actor: string,
): Promise<{ job: JobRecorder; release: () => Promise<void> }> {
  const config = env(); // a bad setting stops here, with its own one-line message, before anything is audited
  try {
    const problem = await usableBackupDir(); // missing, read-only, full: refused with the reason, before anything starts
    if (problem) throw new UserFacingError(`${problem}: no backup can be written there`);
    const lock = await acquireOpsLock(directDatabaseUrl(), spec.kind, actor);
    try {
      // Holding the lock, nothing else writes in BACKUP_DIR: what a killed run left there can go.
      await removeLeftovers(config.BACKUP_DIR);
      const job = await JobRecorder.start(spec.kind, actor, spec.label);
      job.signal = lock.lost;
      return { job, release: lock.release };
    } catch (error) {
      await lock.release();
      throw error;
    }
  } catch (error) {
    await recordAudit({ actor, action: spec.kind, outcome: "failed", details: { message: messageOf(error) } });
    throw error;
  }
}

async function startOperation<Result>(
  spec: OperationSpec<Result>,
  actor: string,
  work: (job: JobRecorder) => Promise<Result>,
): Promise<Started<Result>> {
  const { job, release } = await begin(spec as OperationSpec<unknown>, actor);
  const { kind } = spec;
  await recordAudit({ actor, action: kind, target: job.id, outcome: "ok" });
  const done = traced(`operation ${kind}`, { "legendai.operation": kind, "legendai.job": job.id }, async (span) => {
    job.span = span; // its phases are this span's children
    try {
      const result = await work(job);
      await job.succeed(result, spec.summarise(result));
      const target = spec.subject?.(result) ?? job.id;
      await recordAudit({ actor, action: `${kind}:finished`, target, outcome: "ok", details: { job: job.id } });
      return result;
    } catch (error) {
      await job.fail(error);
      const details = { message: messageOf(error), job: job.id };
      await recordAudit({ actor, action: `${kind}:finished`, target: job.id, outcome: "failed", details });
      throw error;
    } finally {
      await release();
    }
  });
  // A caller that only wants the job id may never await `done`: its failure is in the job and the audit log.
  done.catch(() => {});
  return { job, done };
}
