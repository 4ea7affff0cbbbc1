// Every backup, restore and drill is a job: id, phase, bytes done, a log and
// a result, written while it runs (lib/ops/job-recorder.ts) and kept after.
// The record's shape, the same for every operation.
export type JobStatus = "running" | "succeeded" | "failed";
export type ProgressUnit = "bytes" | "rows" | "permille";

export type Job<Result = unknown> = {
  id: string;
  /** The operation ("backup", "restore", "verify", …) and its name for people. */
  kind: string;
  label?: string;
  actor: string;
  status: JobStatus;
  phase: string;
  phaseLabel?: string;
  bytesDone: number;
  bytesTotal: number | null;
  /** What bytesDone and bytesTotal count in this phase: bytes (the default), rows, or thousandths of the whole. */
  unit?: ProgressUnit;
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
  result: Result | null;
  /** The result in one sentence, written by the operation (records from before it existed have none). */
  summary?: string | null;
  error: string | null;
};
