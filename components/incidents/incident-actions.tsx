"use client";
// An open incident's quiet controls: acknowledge (I'm on it), and snooze its
// messages for a while.
import { useActionState } from "react";
import type { Action } from "@/lib/actions/action";
import { ActionButton } from "@/components/forms/action-button";
import { ActionStatus, SubmitButton } from "@/components/forms/action-status";
import { ui } from "@/components/ui/styles";

export function IncidentActions(props: { id: number; acknowledged: boolean; acknowledge: Action; snooze: Action }) {
  const [state, snoozeAction] = useActionState(props.snooze, null);
  return (
    <div className={ui.toolbar}>
      {!props.acknowledged && (
        <ActionButton
          action={props.acknowledge}
          fields={{ id: props.id }}
          label="Acknowledge"
          pending="Acknowledging…"
          variant="secondary"
        />
      )}
      <details className={ui.rowMenu}>
        <summary aria-label={`Snooze incident ${props.id}…`}>Snooze…</summary>
        <form action={snoozeAction} className={ui.stack} aria-label={`Snooze incident ${props.id}`}>
          <input type="hidden" name="id" value={props.id} />
          <label className={ui.field}>
            Hold its messages for
            <select name="hours" defaultValue="4">
              <option value="1">1 hour</option>
              <option value="4">4 hours</option>
              <option value="24">24 hours</option>
              <option value="0">no longer (unsnooze)</option>
            </select>
          </label>
          <SubmitButton pending="Saving…" variant="secondary">
            Snooze
          </SubmitButton>
          <ActionStatus state={state} />
        </form>
      </details>
    </div>
  );
}
