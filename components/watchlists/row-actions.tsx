"use client";
// One quiet control per item on your own watchlist: a "⋯" menu with "Mark
// triggered" and "Remove…"; the red button appears only in the confirmation.
import { useState } from "react";
import type { Action } from "@/lib/actions/action";
import { ActionButton } from "@/components/forms/action-button";
import { ui, cx } from "@/components/ui/styles";

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
  const [confirming, setConfirming] = useState(false);
  return (
    <details className={ui.rowMenu}>
      <summary aria-label={`Actions for ${ticker}`}>⋯</summary>
      <div className={ui.stack}>
        {!triggered && (
          <ActionButton action={trigger} fields={{ id }} label="Mark triggered" pending="Saving…" variant="secondary" />
        )}
        {confirming ? (
          <div className={ui.stack} role="group" aria-label={`Remove ${ticker}?`}>
            <span>Remove {ticker} from your watchlist?</span>
            <div className={ui.toolbar}>
              <ActionButton
                action={remove}
                fields={{ id }}
                label={`Remove ${ticker}`}
                pending="Removing…"
                variant="danger"
              />
              <button type="button" className={cx(ui.button, ui.secondary)} onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className={cx(ui.button, ui.secondary)} onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )}
      </div>
    </details>
  );
}
