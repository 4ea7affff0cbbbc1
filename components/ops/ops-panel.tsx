"use client";
// The operator's buttons: back up now, restore latest (typed confirmation),
// restore drill; then the job's progress in place.
import { useActionState, useState } from "react";
import type { Action, ActionState } from "@/lib/actions/action";
import { ActionStatus, SubmitButton } from "@/components/forms/action-status";
import { formatAge, formatBytes, formatDateTime } from "@/components/ui/format";
import { ui, cx } from "@/components/ui/styles";
import { TypedConfirm } from "@/components/forms/typed-confirm";
import { JobProgress, startedJobId } from "./job-progress";
import s from "./ops.module.css";

type Latest = { file: string; createdAt: string; sizeBytes: number } | null;

export function OpsPanel(props: {
  backup: Action;
  restore: Action;
  verify: Action;
  latest: Latest;
  runningJobId: string | null;
}) {
  const [backupState, backupAction] = useActionState(props.backup, null);
  const [restoreState, restoreAction] = useActionState(props.restore, null);
  const [verifyState, verifyAction] = useActionState(props.verify, null);
  const [confirming, setConfirming] = useState(false);
  const jobId =
    startedJobId(restoreState) ?? startedJobId(backupState) ?? startedJobId(verifyState) ?? props.runningJobId;

  return (
    <div className={s.actions}>
      <div className={ui.toolbar}>
        <form action={backupAction}>
          <SubmitButton pending="Starting backup…">Back up now</SubmitButton>
        </form>
        <button
          type="button"
          className={cx(ui.button, ui.secondary)}
          onClick={() => setConfirming(true)}
          disabled={!props.latest}
          aria-expanded={confirming}
          aria-controls="restore-confirm"
        >
          Restore latest…
        </button>
        <form action={verifyAction}>
          <SubmitButton pending="Starting drill…" variant="secondary" disabled={!props.latest}>
            Run restore drill
          </SubmitButton>
        </form>
      </div>
      <ActionStatus state={backupState} />
      <ActionStatus state={verifyState} />

      {confirming && props.latest && (
        <RestoreConfirm
          latest={props.latest}
          action={restoreAction}
          state={restoreState}
          onCancel={() => setConfirming(false)}
        />
      )}
      {jobId && <JobProgress key={jobId} jobId={jobId} />}
    </div>
  );
}

/** "This replaces every table with …": the backup named, its age and size, and the word to type. */
function RestoreConfirm(props: {
  latest: NonNullable<Latest>;
  action: (formData: FormData) => void;
  state: ActionState | null;
  onCancel: () => void;
}) {
  const { latest } = props;
  return (
    <TypedConfirm
      id="restore-confirm"
      label="Confirm restore"
      word="restore"
      fields={{ backup: latest.file }}
      submit="Restore this backup"
      pending="Starting restore…"
      action={props.action}
      state={props.state}
      onCancel={props.onCancel}
    >
      This replaces <strong>every table</strong> with <code>{latest.file}</code>, taken{" "}
      {formatDateTime(latest.createdAt)} ({formatAge(latest.createdAt)}), {formatBytes(latest.sizeBytes)}. The current
      data is kept aside and written to a safety backup once the restore is in place, and a restore that fails part-way
      changes nothing.
    </TypedConfirm>
  );
}
