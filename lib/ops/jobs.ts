// Every backup, restore and drill is a job: id, phase, bytes done, a log and
// a result, written to BACKUP_DIR/jobs/<id>.json while it runs (the
// dashboard's progress bar reads it) and kept afterwards. Files, not tables:
// a restore must not rewrite the record of the restore itself.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { env } from "@/lib/env";
import { redis } from "@/lib/db/client";
import { withinMs } from "@/lib/db/redis";
import type { BackupResult } from "@/lib/ops/backup";
import type { RestoreResult } from "@/lib/ops/restore";
import type { VerifyResult } from "@/lib/ops/verify";
import { maskSecrets } from "@/lib/log/mask";

export type JobKind = "backup" | "restore" | "verify";
export type JobPhase =
  | "starting"
  | "dumping"
  | "verifying"
  | "uploading"
  | "downloading"
  | "holding-writes"
  | "safety-backup"
  | "restoring"
  | "checking"
  | "cleaning-up"
  | "done";
export type JobStatus = "running" | "succeeded" | "failed";

/** What each kind of job returns when it succeeds. */
type JobResults = { backup: BackupResult; restore: RestoreResult; verify: VerifyResult };

type JobOf<K extends JobKind> = {
  id: string;
  kind: K;
  actor: string;
  status: JobStatus;
  phase: JobPhase;
  bytesDone: number;
  bytesTotal: number | null;
  /** bytesTotal is an estimate (a dump's size is known only at its end: the previous backup's is used). */
  bytesTotalEstimated?: boolean;
  /** The phase's speed so far, and the time left at that speed (when the total is known or estimated). */
  bytesPerSecond?: number | null;
  secondsLeft?: number | null;
  phaseStartedAt?: string;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string;
  host: string;
  pid: number;
  log: { at: string; line: string }[];
  result: JobResults[K] | null;
  error: string | null;
};

export type Job = { [K in JobKind]: JobOf<K> }[JobKind];
export type JobResult = NonNullable<Job["result"]>;

const PROGRESS_EVERY_MS = 2_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** "dumping: 12.3 MB of ~53.4 MB, 11.2 MB/s, about 4 s left": what the CLI prints and the dashboard shows. */
export function describeProgress(
  job: Pick<Job, "phase" | "bytesDone" | "bytesTotal" | "bytesTotalEstimated" | "bytesPerSecond" | "secondsLeft">,
): string {
  const total = job.bytesTotal ? ` of ${job.bytesTotalEstimated ? "~" : ""}${mb(job.bytesTotal)}` : "";
  const rate = job.bytesPerSecond ? `, ${mb(job.bytesPerSecond)}/s` : "";
  const left =
    job.secondsLeft !== null && job.secondsLeft !== undefined
      ? `, about ${job.secondsLeft < 90 ? `${Math.ceil(job.secondsLeft)} s` : `${Math.ceil(job.secondsLeft / 60)} min`} left`
      : "";
  return `${job.phase}: ${mb(job.bytesDone)}${total}${rate}${left}`;
}

/** A running job whose heartbeat is older than this was killed or crashed (other instances see it within 10 s). */
export const STALE_AFTER_MS = 8_000;
const HEARTBEAT_MS = 2_000;
const WRITE_EVERY_MS = 300;

const jobsDir = () => path.join(env().BACKUP_DIR, "jobs");
const jobPath = (id: string) => path.join(jobsDir(), `${id}.json`);

async function writeAtomically(file: string, data: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}

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

// Every job is also kept in Redis, so that every app instance shows every job
// live, whichever instance (or shell) runs it; the file is the record that a
// Redis outage cannot take away.
const JOB_TTL_S = 30 * 24 * 3600;
const REDIS_WAIT_MS = 500;
const jobKey = (id: string) => `${env().REDIS_KEY_PREFIX}job:${id}`;
const jobsKey = () => `${env().REDIS_KEY_PREFIX}jobs`;

async function publish(job: Job, snapshot: string): Promise<void> {
  await withinMs(
    redis()
      .multi()
      .set(jobKey(job.id), snapshot, "EX", JOB_TTL_S)
      .zadd(jobsKey(), Date.parse(job.startedAt), job.id)
      .exec(),
    REDIS_WAIT_MS,
  );
}

async function fromRedis(ids: string[]): Promise<Job[]> {
  if (ids.length === 0) return [];
  const texts = await withinMs(redis().mget(...ids.map(jobKey)), REDIS_WAIT_MS);
  return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as Job);
}

export async function readJob(id: string): Promise<Job | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [shared] = await fromRedis([id]).catch(() => []);
  if (shared) return settle(shared);
  const file = jobPath(id);
  if (!existsSync(file)) return null;
  return settle(JSON.parse(await readFile(file, "utf8")) as Job);
}

export async function listJobs(limit = 20): Promise<Job[]> {
  const shared = await withinMs(redis().zrevrange(jobsKey(), 0, limit - 1), REDIS_WAIT_MS)
    .then(fromRedis)
    .catch(() => [] as Job[]);
  const dir = jobsDir();
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => n.endsWith(".json")) : [];
  const local = await Promise.all(names.map(async (n) => JSON.parse(await readFile(path.join(dir, n), "utf8")) as Job));
  const byId = new Map([...local, ...shared].map((job) => [job.id, job])); // Redis's copy wins: it is the newest
  return [...byId.values()]
    .map((job) => settle(job))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, limit);
}

/** The running side of a job: progress updates are throttled, phase changes and the end are written at once. */
export class JobRecorder {
  private writing: Promise<void> = Promise.resolve();
  private lastWrite = 0;
  private readonly heartbeat: NodeJS.Timeout;
  /** Told of every log line (the CLI prints them). */
  readonly listeners: ((line: string) => void)[] = [];
  /** Told of progress, at most every PROGRESS_EVERY_MS (the CLI prints a line). */
  readonly progressListeners: ((line: string) => void)[] = [];
  private lastProgressLine = 0;

  private constructor(
    private readonly file: string,
    readonly job: Job,
  ) {
    this.heartbeat = setInterval(() => this.flush(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Aborted when the job must stop (its operation lost the one-at-a-time lock). */
  signal: AbortSignal = new AbortController().signal;

  static async start(kind: JobKind, actor: string, id: string = randomUUID()): Promise<JobRecorder> {
    await mkdir(jobsDir(), { recursive: true });
    const now = new Date().toISOString();
    const recorder = new JobRecorder(jobPath(id), {
      id,
      kind,
      actor,
      status: "running",
      phase: "starting",
      bytesDone: 0,
      bytesTotal: null,
      startedAt: now,
      finishedAt: null,
      heartbeatAt: now,
      host: hostname(),
      pid: process.pid,
      log: [],
      result: null,
      error: null,
    });
    await recorder.flush();
    return recorder;
  }

  get id(): string {
    return this.job.id;
  }

  log(line: string): void {
    const masked = maskSecrets(line);
    this.job.log.push({ at: new Date().toISOString(), line: masked });
    for (const listener of this.listeners) listener(masked);
    void this.flush();
  }

  /** Starts the next phase; throws instead if the job has been told to stop. */
  phase(phase: JobPhase, bytesTotal: number | null = null, options: { estimated?: boolean } = {}): void {
    this.signal.throwIfAborted();
    Object.assign(this.job, {
      phase,
      bytesDone: 0,
      bytesTotal,
      bytesTotalEstimated: bytesTotal !== null && Boolean(options.estimated),
      bytesPerSecond: null,
      secondsLeft: null,
      phaseStartedAt: new Date().toISOString(),
    });
    this.log(`phase: ${phase}`);
  }

  progress(bytesDone: number): void {
    const job = this.job;
    job.bytesDone = bytesDone;
    const seconds = (Date.now() - Date.parse(job.phaseStartedAt ?? job.startedAt)) / 1000;
    job.bytesPerSecond = seconds > 0.5 && bytesDone > 0 ? bytesDone / seconds : null;
    job.secondsLeft =
      job.bytesPerSecond && job.bytesTotal ? Math.max(0, (job.bytesTotal - bytesDone) / job.bytesPerSecond) : null;
    if (
      job.bytesPerSecond &&
      Date.now() - this.lastProgressLine >= PROGRESS_EVERY_MS &&
      this.progressListeners.length
    ) {
      this.lastProgressLine = Date.now();
      const line = describeProgress(job);
      for (const listener of this.progressListeners) listener(line);
    }
    if (Date.now() - this.lastWrite >= WRITE_EVERY_MS) void this.flush();
  }

  async succeed(result: JobResult): Promise<void> {
    Object.assign(this.job, { status: "succeeded", phase: "done", result, finishedAt: new Date().toISOString() });
    await this.end();
  }

  async fail(error: unknown): Promise<void> {
    const message = maskSecrets(error instanceof Error ? error.message : String(error));
    Object.assign(this.job, { status: "failed", error: message, finishedAt: new Date().toISOString() });
    this.job.log.push({ at: this.job.finishedAt!, line: `failed: ${message}` });
    await this.end();
  }

  private async end(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.flush();
  }

  /** Writes are chained so that an older snapshot never lands after a newer one. */
  flush(): Promise<void> {
    this.lastWrite = Date.now();
    this.job.heartbeatAt = new Date().toISOString();
    const snapshot = JSON.stringify(this.job, null, 2);
    const job = { ...this.job };
    this.writing = this.writing
      .then(() => Promise.allSettled([writeAtomically(this.file, snapshot), publish(job, snapshot)]))
      .then(() => {});
    return this.writing;
  }
}
