"use client";
// Per-item buttons on your own watchlist.
import type { Action } from "@/lib/actions/action";
import { ActionButton } from "@/components/forms/action-button";
import { ui } from "@/components/ui/styles";

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
        <ActionButton
          action={trigger}
          fields={{ id }}
          label={`Mark ${ticker} triggered`}
          pending="Saving…"
          variant="secondary"
        />
      )}
      <ActionButton action={remove} fields={{ id }} label={`Remove ${ticker}`} pending="Removing…" variant="danger" />
    </div>
  );
}
