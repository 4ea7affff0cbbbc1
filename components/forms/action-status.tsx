"use client";
// Pending, success and error states for forms bound to server actions.
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/actions/action";
import { Notice } from "@/components/ui/badge";
import { ui, cx } from "@/components/ui/styles";

export function SubmitButton({
  children,
  pending: pendingLabel,
  variant,
  disabled,
}: {
  children: React.ReactNode;
  pending: string;
  variant?: "secondary" | "danger";
  disabled?: boolean;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className={cx(ui.button, variant && ui[variant])}
      disabled={pending || disabled}
      aria-busy={pending}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

export function ActionStatus({ state }: { state: ActionState | null }) {
  if (!state) return null;
  // A success with something to check (an unknown ticker added) is a warning, not a green tick.
  const tone = !state.ok ? "bad" : state.data?.unknownTicker ? "warn" : "ok";
  return <Notice tone={tone}>{state.message}</Notice>;
}

/** Beside a one-button form: why the action was refused, if it was. */
export function ActionRefusal({ state }: { state: ActionState | null }) {
  if (!state || state.ok) return null;
  return (
    <span className={ui.fieldError} role="alert">
      {" "}
      {state.message}
    </span>
  );
}

export function FieldError({ state, name }: { state: ActionState | null; name: string }) {
  const errors = state?.fieldErrors?.[name];
  if (!errors?.length) return null;
  return (
    <span className={ui.fieldError} id={`${name}-error`}>
      {errors.join("; ")}
    </span>
  );
}
