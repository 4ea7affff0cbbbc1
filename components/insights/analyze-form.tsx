"use client";
// EXPLAIN (ANALYZE, BUFFERS) of a chosen family or statement with the values
// the admin types, one field per parameter; the result drawn as a tree. The
// choice stays where it was after a run.
import { useActionState, useState } from "react";
import type { Action } from "@/lib/actions/action";
import type { PlanNode } from "@/lib/db/queries/plan-shape";
import { ActionStatus, SubmitButton } from "@/components/forms/action-status";
import { PlanTree } from "@/components/insights/plan-tree";
import { ui } from "@/components/ui/styles";

export type AnalyzeChoice = { value: string; label: string; sql: string; params: string[] };

export function AnalyzeForm({
  action,
  choices,
  initial,
}: {
  action: Action;
  choices: AnalyzeChoice[];
  initial?: string;
}) {
  const [state, formAction] = useActionState(action, null);
  const [value, setValue] = useState(initial ?? choices[0]?.value);
  const chosen = choices.find((c) => c.value === value) ?? choices[0];
  const plan = state?.ok && typeof state.data?.plan === "string" ? (JSON.parse(state.data.plan) as PlanNode) : null;
  return (
    <div className={ui.stack}>
      <form action={formAction} className={ui.stack} aria-label="EXPLAIN ANALYZE a statement">
        <label className={ui.field}>
          Statement
          <select name="target" value={chosen.value} onChange={(e) => setValue(e.target.value)}>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <pre className={ui.mono} style={{ whiteSpace: "pre-wrap", margin: 0 }} data-testid="analyze-sql">
          {chosen.sql}
        </pre>
        {chosen.params.length > 0 && (
          <div className={ui.formGrid} key={chosen.value}>
            {chosen.params.map((p, i) => (
              <label key={i} className={ui.field}>
                ${i + 1}
                <input name={`p${i + 1}`} defaultValue={p} maxLength={1000} />
              </label>
            ))}
          </div>
        )}
        <div className={ui.toolbar}>
          <SubmitButton pending="Running EXPLAIN ANALYZE…">Run EXPLAIN ANALYZE</SubmitButton>
        </div>
      </form>
      <ActionStatus state={state} />
      {plan && <PlanTree plan={plan} label="Analyzed plan" testId="analyzed-plan" />}
    </div>
  );
}
