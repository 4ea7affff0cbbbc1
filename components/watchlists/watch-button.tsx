"use client";
// "Watch" on a scan or ticker: adds the ticker to your own watchlist (its
// pattern, the pivot as the target price) in place, and then says so.
import Link from "next/link";
import { useActionState } from "react";
import type { Action } from "@/lib/actions/action";
import { ActionRefusal, SubmitButton } from "@/components/forms/action-status";
import { ui } from "@/components/ui/styles";

export function WatchButton(props: {
  action: Action;
  ticker: string;
  patternType?: string | null;
  targetPrice?: number | null;
  watched: boolean;
}) {
  const [state, formAction] = useActionState(props.action, null);
  if (props.watched || state?.ok)
    return (
      <Link href="/watchlists" className={ui.muted} aria-label={`${props.ticker} is on your watchlist`}>
        ✓ Watching
      </Link>
    );
  return (
    <form action={formAction} aria-label={`Watch ${props.ticker}`}>
      <input type="hidden" name="ticker" value={props.ticker} />
      <input type="hidden" name="patternType" value={props.patternType ?? ""} />
      <input type="hidden" name="targetPrice" value={props.targetPrice ?? ""} />
      <input type="hidden" name="notes" value="" />
      <SubmitButton pending="Adding…" variant="secondary">
        <span aria-hidden="true">☆</span> Watch<span className="visually-hidden"> {props.ticker}</span>
      </SubmitButton>
      <ActionRefusal state={state} />
    </form>
  );
}
