"use client";
// One button that runs one server action with hidden fields, and says why if it was refused.
import { useActionState, useEffect } from "react";
import type { Action } from "@/lib/actions/action";
import { ActionRefusal, SubmitButton } from "@/components/forms/action-status";

export function ActionButton(props: {
  action: Action;
  fields: Record<string, string | number>;
  label: React.ReactNode;
  pending: string;
  variant?: "secondary" | "danger";
  /** Called once the action succeeded (a menu closes itself). */
  onDone?: () => void;
}) {
  const [state, formAction] = useActionState(props.action, null);
  const { onDone } = props;
  useEffect(() => {
    if (state?.ok) onDone?.();
  }, [state, onDone]);
  return (
    <form action={formAction}>
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton pending={props.pending} variant={props.variant}>
        {props.label}
      </SubmitButton>
      <ActionRefusal state={state} />
    </form>
  );
}
