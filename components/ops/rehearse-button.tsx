"use client";
// Rehearse the pending migrations on a copy of the latest backup, then follow the job in place.
import { useActionState } from "react";
import type { Action } from "@/lib/actions/action";
import { ActionStatus, SubmitButton } from "@/components/forms/action-status";
import { ui } from "@/components/ui/styles";
import { JobProgress, startedJobId } from "./job-progress";

export function RehearseButton({ action, disabled }: { action: Action; disabled: boolean }) {
  const [state, formAction] = useActionState(action, null);
  const jobId = startedJobId(state);
  return (
    <div className={ui.stack}>
      <form action={formAction}>
        <SubmitButton pending="Starting rehearsal…" variant="secondary" disabled={disabled}>
          Rehearse pending migrations
        </SubmitButton>
      </form>
      <ActionStatus state={state} />
      {jobId && <JobProgress key={jobId} jobId={jobId} />}
    </div>
  );
}
