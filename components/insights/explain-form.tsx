"use client";
// EXPLAIN ANALYZE of a hot query, chosen from the list (never free SQL).
import { startTransition, useActionState, useState } from "react";
import type { Action } from "@/lib/actions/action";
import { ActionStatus } from "@/components/forms/action-status";
import { ui } from "@/components/ui/styles";

export function ExplainForm({ action, queries }: { action: Action; queries: { id: string; name: string }[] }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [chosen, setChosen] = useState(queries[0]?.id);
  // Submitted by hand, not through <form action>: React resets an action form once it has run, and the
  // picker jumped back to the first query.
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  return (
    <div className={ui.stack}>
      <form onSubmit={submit} className={ui.form} aria-label="Explain a hot query">
        <label className={ui.field}>
          Hot query
          <select name="query" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            {queries.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={ui.button} disabled={pending} aria-busy={pending}>
          {pending ? "Running EXPLAIN ANALYZE…" : "Run EXPLAIN ANALYZE"}
        </button>
      </form>
      <ActionStatus state={state} />
      {state?.ok && (
        <>
          <pre className={ui.card} style={{ overflowX: "auto", margin: 0 }} tabIndex={0} role="region" aria-label="SQL">
            {String(state.data?.sql)}
          </pre>
          <pre
            className={ui.card}
            style={{ overflowX: "auto", margin: 0 }}
            data-testid="explain-plan"
            tabIndex={0}
            role="region"
            aria-label="Plan"
          >
            {String(state.data?.plan)}
          </pre>
        </>
      )}
    </div>
  );
}
