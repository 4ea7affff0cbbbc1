"use client";
// A running backup, restore or drill: phase, progress bar, live log, result.
// Polls /api/jobs/:id every second while it runs (paused when the tab is hidden).
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { ActionState } from "@/lib/actions/action";
import type { Job } from "@/lib/ops/job-record";
import { Badge, Notice } from "@/components/ui/badge";
import { formatAmount, formatDuration, formatTime } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";
import s from "./ops.module.css";

/** The id of the job an action started, from its answer. */
export const startedJobId = (state: ActionState | null) =>
  state?.ok && typeof state.data?.jobId === "string" ? state.data.jobId : null;

async function fetchJob(id: string): Promise<Job> {
  const response = await fetch(`/api/jobs/${id}`, { cache: "no-store" });
  if (!response.ok) throw new Error((await response.json().catch(() => null))?.error ?? `HTTP ${response.status}`);
  return response.json();
}

const phaseOf = (job: Job) => job.phaseLabel ?? job.phase;
const toneOf = (job: Job) => (job.status === "succeeded" ? "ok" : job.status === "failed" ? "bad" : "info");

/** The job from /api/jobs/:id, refreshed each second until it ends; the page is refreshed once it has. */
function useJob(jobId: string) {
  const router = useRouter();
  const query = useQuery({
    queryKey: ["job", jobId],
    queryFn: () => fetchJob(jobId),
    refetchInterval: (q) => (q.state.data?.status === "running" || !q.state.data ? 1000 : false),
    refetchIntervalInBackground: false,
  });
  const finished = query.data && query.data.status !== "running";
  const refreshed = useRef(false);
  useEffect(() => {
    if (finished && !refreshed.current) {
      refreshed.current = true;
      router.refresh(); // the catalog and job list on the page now include it
    }
  }, [finished, router]);
  return query;
}

function ProgressBar({ job }: { job: Job }) {
  const percent = job.bytesTotal ? Math.min(100, Math.round((job.bytesDone / job.bytesTotal) * 100)) : null;
  const running = job.status === "running";
  return (
    <div
      className={s.bar}
      role="progressbar"
      aria-label={`${job.kind} progress`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={job.status === "succeeded" ? 100 : (percent ?? undefined)}
      aria-valuetext={running ? `${phaseOf(job)}${percent !== null ? `, ${percent}%` : ""}` : job.status}
    >
      <div
        className={running && percent === null ? s.indeterminate : s.fill}
        style={{ width: job.status === "succeeded" ? "100%" : percent !== null ? `${percent}%` : undefined }}
        data-tone={toneOf(job)}
      />
    </div>
  );
}

/** "12 MB of ~50 MB · 11 MB/s · about 4 s left · phase: Dumping". */
function ProgressLine({ job }: { job: Job }) {
  const running = job.status === "running";
  return (
    <p className={ui.muted}>
      {job.bytesDone > 0 && (
        <>
          {formatAmount(job.bytesDone, job.unit)}
          {job.bytesTotal ? ` of ${job.bytesTotalEstimated ? "~" : ""}${formatAmount(job.bytesTotal, job.unit)}` : ""}
          {running && job.bytesPerSecond && job.unit !== "permille"
            ? ` · ${formatAmount(job.bytesPerSecond, job.unit)}/s`
            : ""}
          {running && job.secondsLeft !== null && job.secondsLeft !== undefined
            ? ` · about ${formatDuration(job.secondsLeft * 1000)} left`
            : ""}{" "}
          ·{" "}
        </>
      )}
      phase: {phaseOf(job)}
    </p>
  );
}

export function JobProgress({ jobId }: { jobId: string }) {
  const { data: job, error } = useJob(jobId);
  if (error)
    return (
      <Notice tone="bad">
        Cannot follow job {jobId}: {(error as Error).message}
      </Notice>
    );
  if (!job) return <div className={ui.skeleton} style={{ height: 120 }} aria-busy="true" aria-label="Loading job" />;
  return (
    <section className={s.job} aria-label={`${job.kind} job`} data-testid="job-progress" data-status={job.status}>
      <div className={s.jobHeader}>
        <strong>{job.label ?? job.kind}</strong>
        <Badge tone={toneOf(job)}>{job.status === "running" ? phaseOf(job) : job.status}</Badge>
        <span className={ui.muted}>
          started {formatTime(job.startedAt)} UTC by {job.actor}
        </span>
      </div>
      <ProgressBar job={job} />
      <ProgressLine job={job} />
      <ol className={s.log} aria-live="polite" aria-label="Job log">
        {job.log.slice(-12).map((entry, i) => (
          <li key={`${entry.at}-${i}`}>
            <span className={ui.muted}>{formatTime(entry.at)}</span> {entry.line}
          </li>
        ))}
      </ol>
      {job.status === "failed" && <Notice tone="bad">{job.error}</Notice>}
      {job.status === "succeeded" && <Notice tone="ok">{job.summary ?? "Finished."}</Notice>}
    </section>
  );
}
