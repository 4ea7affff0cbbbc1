"use client";
// A running backup, restore or drill: phase, progress bar, live log, result.
// Polls /api/jobs/:id every second while it runs (paused when the tab is hidden).
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { Job } from "@/lib/ops/jobs";
import { Badge, Notice } from "@/components/ui/badge";
import { formatBytes, formatDuration, formatTime } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";
import s from "./ops.module.css";

async function fetchJob(id: string): Promise<Job> {
  const response = await fetch(`/api/jobs/${id}`, { cache: "no-store" });
  if (!response.ok) throw new Error((await response.json().catch(() => null))?.error ?? `HTTP ${response.status}`);
  return response.json();
}

const PHASE_LABEL: Record<string, string> = {
  starting: "Starting",
  dumping: "Dumping and compressing",
  verifying: "Verifying",
  uploading: "Uploading to S3",
  downloading: "Downloading from S3",
  "safety-backup": "Taking a safety backup",
  restoring: "Restoring",
  checking: "Checking row counts",
  "cleaning-up": "Cleaning up",
  done: "Done",
};

export function JobProgress({ jobId }: { jobId: string }) {
  const router = useRouter();
  const { data: job, error } = useQuery({
    queryKey: ["job", jobId],
    queryFn: () => fetchJob(jobId),
    refetchInterval: (query) => (query.state.data?.status === "running" || !query.state.data ? 1000 : false),
    refetchIntervalInBackground: false,
  });
  const finished = job && job.status !== "running";
  const refreshed = useRef(false);
  useEffect(() => {
    if (finished && !refreshed.current) {
      refreshed.current = true;
      router.refresh(); // the catalog and job list on the page now include it
    }
  }, [finished, router]);

  if (error)
    return (
      <Notice tone="bad">
        Cannot follow job {jobId}: {(error as Error).message}
      </Notice>
    );
  if (!job) return <div className={ui.skeleton} style={{ height: 120 }} aria-busy="true" aria-label="Loading job" />;

  const percent = job.bytesTotal ? Math.min(100, Math.round((job.bytesDone / job.bytesTotal) * 100)) : null;
  const tone = job.status === "succeeded" ? "ok" : job.status === "failed" ? "bad" : "info";
  return (
    <section className={s.job} aria-label={`${job.kind} job`} data-testid="job-progress" data-status={job.status}>
      <div className={s.jobHeader}>
        <strong>{job.kind === "verify" ? "Restore drill" : job.kind === "backup" ? "Backup" : "Restore"}</strong>
        <Badge tone={tone}>{job.status === "running" ? (PHASE_LABEL[job.phase] ?? job.phase) : job.status}</Badge>
        <span className={ui.muted}>
          started {formatTime(job.startedAt)} UTC by {job.actor}
        </span>
      </div>
      <div
        className={s.bar}
        role="progressbar"
        aria-label={`${job.kind} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={job.status === "succeeded" ? 100 : (percent ?? undefined)}
        aria-valuetext={
          job.status === "running"
            ? `${PHASE_LABEL[job.phase] ?? job.phase}${percent !== null ? `, ${percent}%` : ""}`
            : job.status
        }
      >
        <div
          className={job.status === "running" && percent === null ? s.indeterminate : s.fill}
          style={{ width: job.status === "succeeded" ? "100%" : percent !== null ? `${percent}%` : undefined }}
          data-tone={tone}
        />
      </div>
      <p className={ui.muted}>
        {job.bytesDone > 0 && (
          <>
            {formatBytes(job.bytesDone)}
            {job.bytesTotal ? ` of ${job.bytesTotalEstimated ? "~" : ""}${formatBytes(job.bytesTotal)}` : ""}
            {job.status === "running" && job.bytesPerSecond ? ` · ${formatBytes(job.bytesPerSecond)}/s` : ""}
            {job.status === "running" && job.secondsLeft !== null && job.secondsLeft !== undefined
              ? ` · about ${formatDuration(job.secondsLeft * 1000)} left`
              : ""}{" "}
            ·{" "}
          </>
        )}
        phase: {PHASE_LABEL[job.phase] ?? job.phase}
      </p>
      <ol className={s.log} aria-live="polite" aria-label="Job log">
        {job.log.slice(-12).map((entry, i) => (
          <li key={`${entry.at}-${i}`}>
            <span className={ui.muted}>{formatTime(entry.at)}</span> {entry.line}
          </li>
        ))}
      </ol>
      {job.status === "failed" && <Notice tone="bad">{job.error}</Notice>}
      {job.status === "succeeded" && <Notice tone="ok">{summary(job)}</Notice>}
    </section>
  );
}

function summary(job: Job): string {
  if (job.kind === "backup" && job.result) {
    const r = job.result;
    return `Saved ${r.path.split("/").at(-1)} (${formatBytes(r.sizeBytes)})${r.s3 ? `; ${r.s3.message}` : ""}.`;
  }
  if (job.kind === "restore" && job.result) {
    const r = job.result;
    const differences = r.differences.length
      ? `Differences: ${r.differences.join("; ")}`
      : "Every table matches the backup's manifest.";
    const kept = r.notRestored.length ? ` Not restored: ${r.notRestored.join("; ")}.` : "";
    return `Restored ${r.restored}. ${differences} Writes waited ${(r.writesHeldMs / 1000).toFixed(1)} s.${kept}`;
  }
  return `The backup restored cleanly and matched its manifest.`;
}
