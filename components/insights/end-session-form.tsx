"use client";
// Cancel a session's statement or end the session: behind a quiet "End…"
// disclosure, confirmed by typing the session's pid.
import { useActionState, useState } from "react";
import type { Action } from "@/lib/actions/action";
import { ActionStatus, FieldError, SubmitButton } from "@/components/forms/action-status";
import { ui } from "@/components/ui/styles";

export function EndSessionForm({ action, pid, application }: { action: Action; pid: number; application: string }) {
  const [state, formAction] = useActionState(action, null);
  const [typed, setTyped] = useState("");
  return (
    <details className={ui.rowMenu}>
      <summary aria-label={`End session ${pid} (${application})…`}>End…</summary>
      <form action={formAction} className={ui.stack} aria-label={`End session ${pid}`}>
        <input type="hidden" name="pid" value={pid} />
        <label className={ui.field}>
          What to do
          <select name="mode" defaultValue="cancel">
            <option value="cancel">Cancel its statement (the session stays)</option>
            <option value="terminate">Terminate the session (its transaction rolls back)</option>
          </select>
        </label>
        <label className={ui.field}>
          <span>
            Type <code>{pid}</code> to confirm
          </span>
          <input name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          <FieldError state={state} name="confirm" />
        </label>
        <SubmitButton pending="Ending…" variant="danger" disabled={typed.trim() !== String(pid)}>
          End session {pid}
        </SubmitButton>
        <ActionStatus state={state} />
      </form>
    </details>
  );
}
