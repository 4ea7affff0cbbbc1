"use client";
// Per-item buttons on your own watchlist.
import { useActionState } from "react";
import type { Action } from "@/lib/actions/action";
import { SubmitButton } from "@/components/forms/action-status";
import { ui } from "@/components/ui/styles";

function OneButton({
  action,
  id,
  label,
  pending,
  variant,
}: {
  action: Action;
  id: number;
  label: string;
  pending: string;
  variant?: "secondary" | "danger";
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="id" value={id} />
      <SubmitButton pending={pending} variant={variant}>
        {label}
      </SubmitButton>
      {state && !state.ok && (
        <span className={ui.fieldError} role="alert">
          {" "}
          {state.message}
        </span>
      )}
    </form>
  );
}

export function WatchlistRowActions({
  id,
  triggered,
  ticker,
  trigger,
  remove,
}: {
  id: number;
  triggered: boolean;
  ticker: string;
  trigger: Action;
  remove: Action;
}) {
  return (
    <div className={ui.toolbar}>
      {!triggered && (
        <OneButton action={trigger} id={id} label={`Mark ${ticker} triggered`} pending="Saving…" variant="secondary" />
      )}
      <OneButton action={remove} id={id} label={`Remove ${ticker}`} pending="Removing…" variant="danger" />
    </div>
  );
}
