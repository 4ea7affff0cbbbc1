// Jobs as the dashboard and the CLI read them: one job or the recent ones,
// from Redis or the job files (lib/ops/job-store.ts), a crashed one shown as
// failed. It knows no operation: each declares its kind, label and result
// where it lives (lib/ops/operation.ts).
import { hostname } from "node:os";
import type { Job } from "@/lib/ops/job-record";
import { localJob, localJobs, newestSharedIds, sharedJobs } from "@/lib/ops/job-store";

/** A running job whose heartbeat is older than this was killed or crashed (other instances see it within 10 s). */
export const STALE_AFTER_MS = 8_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A job that says "running" but whose process is gone is shown as failed. */
export function settle(job: Job, now = Date.now()): Job {
  if (job.status !== "running") return job;
  const silent = now - Date.parse(job.heartbeatAt) > STALE_AFTER_MS;
  const dead = job.host === hostname() && !processAlive(job.pid);
  if (!silent && !dead) return job;
  return {
    ...job,
    status: "failed",
    error: `interrupted during ${job.phase}: the process stopped without finishing (killed or crashed)`,
  };
}

export async function readJob(id: string): Promise<Job | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [shared] = await sharedJobs([id]).catch(() => []);
  const job = shared ?? (await localJob(id));
  return job ? settle(job) : null;
}

export async function listJobs(limit = 20): Promise<Job[]> {
  const shared = await newestSharedIds(limit)
    .then(sharedJobs)
    .catch(() => [] as Job[]);
  const byId = new Map([...(await localJobs()), ...shared].map((job) => [job.id, job])); // Redis's copy wins: it is the newest
  return [...byId.values()]
    .map((job) => settle(job))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, limit);
}
