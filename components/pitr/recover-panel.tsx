"use client";
// The operator's point-in-time recovery: bring a table (or some of its rows)
// back as it was at a second into recovered.<table>_<time>; put the rows
// live lacks back (typed confirmation); take a pgBackRest backup; run the
// PITR drill. The job's progress in place.
import { useActionState, useState } from "react";
import type { Action, ActionState } from "@/lib/actions/action";
import type { RecoveredTable } from "@/lib/pitr/recovered-tables";
import { ActionStatus, FieldError, SubmitButton } from "@/components/forms/action-status";
import { formatBytes, formatNumber } from "@/components/ui/format";
import { TypedConfirm } from "@/components/forms/typed-confirm";
import { JobProgress, startedJobId } from "@/components/ops/job-progress";
import { ui, cx } from "@/components/ui/styles";
import s from "@/components/ops/ops.module.css";

/** The latest second of the window, as a datetime-local field wants it (UTC, seconds). */
const fieldTime = (iso: string) => iso.slice(0, 19);

export function RecoverPanel(props: {
  recover: Action;
  insertMissing: Action;
  backup: Action;
  drill: Action;
  tables: string[];
  window: { from: string; to: string } | null;
  recovered: RecoveredTable[];
  runningJobId: string | null;
}) {
  const [jobId, setJobId] = useState(props.runningJobId);
  // The job followed is the one started last, whichever form started it.
  const following =
    (action: Action): Action =>
    async (previous, data) => {
      const state = await action(previous, data);
      const started = startedJobId(state);
      if (started) setJobId(started);
      return state;
    };
  const [recoverState, recoverAction] = useActionState(following(props.recover), null);
  const [insertState, insertAction] = useActionState(following(props.insertMissing), null);
  const [backupState, backupAction] = useActionState(following(props.backup), null);
  const [drillState, drillAction] = useActionState(following(props.drill), null);
  return (
    <div className={s.actions}>
      <RecoverForm action={recoverAction} state={recoverState} tables={props.tables} window={props.window} />

      {props.recovered.length > 0 && (
        <RecoveredList tables={props.recovered} action={insertAction} state={insertState} />
      )}

      <div className={ui.toolbar}>
        <form action={backupAction} aria-label="pgBackRest backup">
          <input type="hidden" name="type" value="full" />
          <SubmitButton pending="Starting backup…" variant="secondary">
            Full PITR backup now
          </SubmitButton>
        </form>
        <form action={drillAction} aria-label="PITR drill">
          <SubmitButton pending="Starting drill…" variant="secondary">
            Run PITR drill
          </SubmitButton>
        </form>
      </div>
      <ActionStatus state={backupState} />
      <ActionStatus state={drillState} />
      {jobId && <JobProgress key={jobId} jobId={jobId} />}
    </div>
  );
}

function RecoveredList(props: {
  tables: RecoveredTable[];
  action: (data: FormData) => void;
  state: ActionState | null;
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <section aria-label="Recovered copies" className={ui.stack}>
      <h3 className={s.subheading}>Recovered copies</h3>
      <ul className={s.recoveredList} data-testid="recovered-tables">
        {props.tables.map((t) => (
          <li key={t.name}>
            <code>{t.name}</code>: {formatNumber(t.rows)} rows, {formatBytes(t.sizeBytes)}
            {t.note && <span className={ui.muted}> · {t.note}</span>}{" "}
            <button
              type="button"
              className={cx(ui.button, ui.secondary)}
              onClick={() => setChosen(t.name)}
              aria-expanded={chosen === t.name}
            >
              Insert missing rows…
            </button>
          </li>
        ))}
      </ul>
      {chosen && (
        <InsertConfirm recovered={chosen} action={props.action} state={props.state} onCancel={() => setChosen(null)} />
      )}
    </section>
  );
}

function InsertConfirm(props: {
  recovered: string;
  action: (data: FormData) => void;
  state: ActionState | null;
  onCancel: () => void;
}) {
  const live = props.recovered.replace(/^recovered\./, "").replace(/_\d{8}_\d{6}(_\d+)?$/, "");
  return (
    <TypedConfirm
      label="Confirm inserting recovered rows"
      word="insert"
      fields={{ recovered: props.recovered }}
      submit="Insert the missing rows"
      pending="Starting…"
      action={props.action}
      state={props.state}
      onCancel={props.onCancel}
    >
      The rows of <code>{props.recovered}</code> whose key <code>{live}</code> lacks are inserted into it. Rows live has
      are never changed.
    </TypedConfirm>
  );
}

function RecoverForm(props: {
  action: (data: FormData) => void;
  state: ActionState | null;
  tables: string[];
  window: { from: string; to: string } | null;
}) {
  return (
    <form action={props.action} aria-label="Bring back a table" className={ui.stack}>
      <div className={ui.formGrid}>
        <label className={ui.field}>
          <span>Table</span>
          <select name="table" defaultValue={props.tables.includes("pattern_scans") ? "pattern_scans" : undefined}>
            {props.tables.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className={ui.field}>
          <span>As it was at (UTC)</span>
          <input
            type="datetime-local"
            name="at"
            step={1}
            required
            min={props.window ? fieldTime(props.window.from) : undefined}
            max={props.window ? fieldTime(props.window.to) : undefined}
            defaultValue={props.window ? fieldTime(props.window.to) : undefined}
            aria-describedby="at-error"
          />
          <FieldError state={props.state} name="at" />
        </label>
        <label className={ui.field}>
          <span>Only rows where (optional)</span>
          <input name="where" placeholder="ticker = 'NVDA'" autoComplete="off" aria-describedby="where-error" />
          <FieldError state={props.state} name="where" />
        </label>
      </div>
      <p className={ui.muted}>
        The rows are copied into a new table of the <code>recovered</code> schema, next to the live one, which is not
        touched. Then you see which rows are gone from live, new in live, or changed.
      </p>
      <div className={ui.toolbar}>
        <SubmitButton pending="Starting recovery…" disabled={!props.window}>
          Bring back as it was
        </SubmitButton>
      </div>
      <ActionStatus state={props.state} />
    </form>
  );
}
