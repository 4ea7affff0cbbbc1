"use client";
// A dangerous step confirmed by typing a word: what will happen, the word's
// field, the button (enabled once the word is typed), Cancel, and the answer.
import { useState } from "react";
import type { ActionState } from "@/lib/actions/action";
import { ActionStatus, SubmitButton } from "@/components/forms/action-status";
import { ui, cx } from "@/components/ui/styles";
import s from "@/components/ops/ops.module.css";

export function TypedConfirm(props: {
  /** The form's accessible name ("Confirm restore"). */
  label: string;
  id?: string;
  word: string;
  /** Hidden fields sent with the confirmation (what it applies to). */
  fields: Record<string, string>;
  submit: string;
  pending: string;
  action: (formData: FormData) => void;
  state: ActionState | null;
  onCancel: () => void;
  /** What will happen, in words. */
  children: React.ReactNode;
}) {
  const [typed, setTyped] = useState("");
  return (
    <form id={props.id} action={props.action} className={s.confirm} aria-label={props.label}>
      <p>{props.children}</p>
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label className={ui.field}>
        <span>
          Type <code>{props.word}</code> to confirm
        </span>
        <input name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />
      </label>
      <div className={ui.toolbar}>
        <SubmitButton pending={props.pending} variant="danger" disabled={typed.trim() !== props.word}>
          {props.submit}
        </SubmitButton>
        <button type="button" className={cx(ui.button, ui.secondary)} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      <ActionStatus state={props.state} />
    </form>
  );
}
