"use client";
// Add a ticker to your own watchlist.
import { useActionState, useEffect, useRef } from "react";
import type { Action } from "@/lib/actions/action";
import { ActionStatus, FieldError, SubmitButton } from "@/components/forms/action-status";
import { typeLabel } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

export function AddWatchlistForm({ action, patterns }: { action: Action; patterns: readonly string[] }) {
  const [state, formAction] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  return (
    <form ref={form} action={formAction} className={ui.stack} aria-label="Add to watchlist">
      <div className={ui.form}>
        <label className={ui.field}>
          Ticker
          <input
            name="ticker"
            required
            maxLength={16}
            placeholder="e.g. AAPL"
            aria-invalid={Boolean(state?.fieldErrors?.ticker)}
            aria-describedby="ticker-error"
          />
          <FieldError state={state} name="ticker" />
        </label>
        <label className={ui.field}>
          Pattern
          <select name="patternType" defaultValue="">
            <option value="">–</option>
            {patterns.map((p) => (
              <option key={p} value={p}>
                {typeLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <label className={ui.field}>
          Target price
          <input
            name="targetPrice"
            type="number"
            min={0}
            step="0.01"
            placeholder="optional"
            aria-invalid={Boolean(state?.fieldErrors?.targetPrice)}
            aria-describedby="targetPrice-error"
          />
          <FieldError state={state} name="targetPrice" />
        </label>
        <label className={ui.field}>
          Notes
          <input name="notes" maxLength={500} placeholder="optional" />
        </label>
        <SubmitButton pending="Adding…">Add to watchlist</SubmitButton>
      </div>
      <ActionStatus state={state} />
    </form>
  );
}
