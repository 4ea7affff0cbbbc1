// A job's progress in words and numbers: the phase's speed so far and the
// time left at that speed, when the total is known or estimated.
import type { Job } from "@/lib/ops/job-record";

type Progress = Pick<
  Job,
  "phase" | "bytesDone" | "bytesTotal" | "bytesTotalEstimated" | "bytesPerSecond" | "secondsLeft" | "unit"
>;

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** An amount of the phase's unit in words: "12.3 MB", "1,204 rows", "45%". */
export function amount(value: number, unit: Job["unit"] = "bytes"): string {
  if (unit === "rows") return `${Math.round(value).toLocaleString("en-US")} rows`;
  if (unit === "permille") return `${Math.round(value / 10)}%`;
  return megabytes(value);
}

/** "dumping: 12.3 MB of ~53.4 MB, 11.2 MB/s, about 4 s left": what the CLI prints and the dashboard shows. */
export function describeProgress(job: Progress): string {
  const total = job.bytesTotal ? ` of ${job.bytesTotalEstimated ? "~" : ""}${amount(job.bytesTotal, job.unit)}` : "";
  const rate = job.bytesPerSecond && job.unit !== "permille" ? `, ${amount(job.bytesPerSecond, job.unit)}/s` : "";
  const left =
    job.secondsLeft !== null && job.secondsLeft !== undefined
      ? `, about ${job.secondsLeft < 90 ? `${Math.ceil(job.secondsLeft)} s` : `${Math.ceil(job.secondsLeft / 60)} min`} left`
      : "";
  return `${job.phase}: ${amount(job.bytesDone, job.unit)}${total}${rate}${left}`;
}

/** The speed and time left of a phase that began at `phaseStartedAt` and has done `bytesDone`. */
export function rateOf(
  job: Pick<Job, "bytesTotal" | "phaseStartedAt" | "startedAt">,
  bytesDone: number,
  now = Date.now(),
) {
  const seconds = (now - Date.parse(job.phaseStartedAt ?? job.startedAt)) / 1000;
  const bytesPerSecond = seconds > 0.5 && bytesDone > 0 ? bytesDone / seconds : null;
  const secondsLeft =
    bytesPerSecond && job.bytesTotal ? Math.max(0, (job.bytesTotal - bytesDone) / bytesPerSecond) : null;
  return { bytesPerSecond, secondsLeft };
}
