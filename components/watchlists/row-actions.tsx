"use client";
// One quiet control per item on your own watchlist: a "⋯" menu with "Mark
// triggered" and "Remove…"; the red button appears only in the confirmation.
// The menu closes once its action is done.
import { useCallback, useRef, useState } from "react";
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
  const menu = useRef<HTMLDetailsElement>(null);
  const close = useCallback(() => {
    if (menu.current) menu.current.open = false;
    setConfirming(false);
  }, []);
  return (
    // Keyed by the state it changes: marking triggered removes its own button before it could close the menu.
    <details className={ui.rowMenu} ref={menu} key={String(triggered)}>
      <summary aria-label={`Actions for ${ticker}`}>⋯</summary>
      <div className={ui.stack}>
        {!triggered && (
          <ActionButton
            action={trigger}
            fields={{ id }}
            label="Mark triggered"
            pending="Saving…"
            variant="secondary"
            onDone={close}
          />
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
                onDone={close}
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
