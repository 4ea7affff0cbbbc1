// The running side of a job: phases, progress, log lines and the end, written
// to its file and to Redis (progress at most every 300 ms, phase changes and
// the end at once), with a heartbeat so that other instances can tell a
// crashed job from a slow one.
import type { Span } from "@opentelemetry/api";
import { failed, startSpan } from "@/lib/tracing/spans";
import { randomUUID } from "node:crypto";
import { makePrivateDir } from "@/lib/ops/private-files";
import { hostname } from "node:os";
import { maskSecrets } from "@/lib/mask";
import { describeProgress, rateOf } from "@/lib/ops/job-progress";
import type { Job, ProgressUnit } from "@/lib/ops/job-record";
import { jobPath, jobsDir, publishJob, writeAtomically } from "@/lib/ops/job-store";
import { phaseLabel } from "@/lib/ops/phases";

const PROGRESS_EVERY_MS = 2_000;
const HEARTBEAT_MS = 2_000;
const WRITE_EVERY_MS = 300;

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

  /** The operation's span (with tracing on): each phase is a span under it. */
  span?: Span;
  private phaseSpan?: Span;

  /** Aborted when the job must stop (its operation lost the one-at-a-time lock). */
  signal: AbortSignal = new AbortController().signal;

  /** A new job of `kind` ("backup"), shown as `label` ("Backup"). */
  static async start(kind: string, actor: string, label = kind, id: string = randomUUID()): Promise<JobRecorder> {
    await makePrivateDir(jobsDir());
    const now = new Date().toISOString();
    const recorder = new JobRecorder(jobPath(id), {
      id,
      kind,
      label,
      actor,
      status: "running",
      phase: "starting",
      phaseLabel: phaseLabel("starting"),
      bytesDone: 0,
      bytesTotal: null,
      startedAt: now,
      finishedAt: null,
      heartbeatAt: now,
      host: hostname(),
      pid: process.pid,
      log: [],
      result: null,
      summary: null,
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
  phase(
    phase: string,
    bytesTotal: number | null = null,
    options: { estimated?: boolean; unit?: ProgressUnit } = {},
  ): void {
    this.signal.throwIfAborted();
    Object.assign(this.job, {
      phase,
      phaseLabel: phaseLabel(phase),
      bytesDone: 0,
      bytesTotal,
      bytesTotalEstimated: bytesTotal !== null && Boolean(options.estimated),
      unit: options.unit ?? "bytes",
      bytesPerSecond: null,
      secondsLeft: null,
      phaseStartedAt: new Date().toISOString(),
    });
    this.phaseSpan?.end();
    this.phaseSpan = startSpan(`phase ${phase}`, { "legendai.phase": phase }, this.span);
    this.log(`phase: ${phase}`);
  }

  progress(bytesDone: number): void {
    const job = this.job;
    Object.assign(job, { bytesDone }, rateOf(job, bytesDone));
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

  async succeed(result: unknown, summary: string | null = null): Promise<void> {
    const finishedAt = new Date().toISOString();
    Object.assign(this.job, {
      status: "succeeded",
      phase: "done",
      phaseLabel: phaseLabel("done"),
      result,
      summary,
      finishedAt,
    });
    await this.end();
  }

  async fail(error: unknown): Promise<void> {
    const message = maskSecrets(error instanceof Error ? error.message : String(error));
    Object.assign(this.job, { status: "failed", error: message, finishedAt: new Date().toISOString() });
    this.job.log.push({ at: this.job.finishedAt!, line: `failed: ${message}` });
    failed(this.phaseSpan, error);
    await this.end();
  }

  private async end(): Promise<void> {
    this.phaseSpan?.end();
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
      .then(() => Promise.allSettled([writeAtomically(this.file, snapshot), publishJob(job, snapshot)]))
      .then(() => {});
    return this.writing;
  }
}
