// Where a job is kept: a file in BACKUP_DIR/jobs (the record a Redis outage
// cannot take away; a restore must not rewrite the record of the restore
// itself, so not a table) and a copy in Redis, so that every app instance
// shows every job live, whichever instance (or shell) runs it.
import { existsSync } from "node:fs";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { PRIVATE_FILE_MODE } from "@/lib/ops/private-files";
import path from "node:path";
import { redis } from "@/lib/db/client";
import { withinMs } from "@/lib/db/redis";
import { env } from "@/lib/env";
import type { Job } from "@/lib/ops/job-record";

const JOB_TTL_S = 30 * 24 * 3600;
const REDIS_WAIT_MS = 500;
const jobKey = (id: string) => `${env().REDIS_KEY_PREFIX}job:${id}`;
const jobsKey = () => `${env().REDIS_KEY_PREFIX}jobs`;

export const jobsDir = () => path.join(env().BACKUP_DIR, "jobs");
export const jobPath = (id: string) => path.join(jobsDir(), `${id}.json`);

export async function writeAtomically(file: string, data: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data, { mode: PRIVATE_FILE_MODE });
  await rename(temp, file);
}

/** The job's current state for every instance to read. */
export async function publishJob(job: Job, snapshot: string): Promise<void> {
  await withinMs(
    redis()
      .multi()
      .set(jobKey(job.id), snapshot, "EX", JOB_TTL_S)
      .zadd(jobsKey(), Date.parse(job.startedAt), job.id)
      .exec(),
    REDIS_WAIT_MS,
  );
}

export async function sharedJobs(ids: string[]): Promise<Job[]> {
  if (ids.length === 0) return [];
  const texts = await withinMs(redis().mget(...ids.map(jobKey)), REDIS_WAIT_MS);
  return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as Job);
}

/** The ids of the newest `limit` jobs any instance announced. */
export const newestSharedIds = (limit: number) => withinMs(redis().zrevrange(jobsKey(), 0, limit - 1), REDIS_WAIT_MS);

export async function localJob(id: string): Promise<Job | null> {
  const file = jobPath(id);
  return existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as Job) : null;
}

export async function localJobs(): Promise<Job[]> {
  const dir = jobsDir();
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => n.endsWith(".json")) : [];
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(path.join(dir, n), "utf8")) as Job));
}
