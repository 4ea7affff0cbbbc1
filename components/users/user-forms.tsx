"use client";
// The admin's user forms: create, and per-user role, password and access.
import { useActionState, useEffect, useRef } from "react";
import type { Action } from "@/lib/actions/action";
import { ActionStatus, FieldError, SubmitButton } from "@/components/forms/action-status";
import { ui } from "@/components/ui/styles";

const ROLES = ["admin", "operator", "trader"] as const;

export function CreateUserForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const invalid = (name: string) => ({
    "aria-invalid": Boolean(state?.fieldErrors?.[name]),
    "aria-describedby": `${name}-error`,
  });
  return (
    <form ref={form} action={formAction} className={ui.stack} aria-label="Create a user">
      <div className={ui.form}>
        <label className={ui.field}>
          Email
          <input name="email" type="email" required {...invalid("email")} />
          <FieldError state={state} name="email" />
        </label>
        <label className={ui.field}>
          Name
          <input name="name" required {...invalid("name")} />
          <FieldError state={state} name="name" />
        </label>
        <label className={ui.field}>
          Role
          <select name="role" defaultValue="trader">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className={ui.field}>
          Password
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            {...invalid("password")}
          />
          <FieldError state={state} name="password" />
        </label>
        <SubmitButton pending="Creating…">Create user</SubmitButton>
      </div>
      <ActionStatus state={state} />
    </form>
  );
}

export function UserControls(props: {
  id: number;
  email: string;
  role: string;
  disabled: boolean;
  self: boolean;
  changeRole: Action;
  resetPassword: Action;
  setDisabled: Action;
}) {
  const [roleState, roleAction] = useActionState(props.changeRole, null);
  const [passwordState, passwordAction] = useActionState(props.resetPassword, null);
  const [accessState, accessAction] = useActionState(props.setDisabled, null);
  const state = accessState ?? passwordState ?? roleState;
  // One user at a time: the forms open under a quiet "Manage…" for the user chosen.
  return (
    <details className={ui.rowMenu}>
      <summary aria-label={`Manage ${props.email}`}>Manage…</summary>
      <div className={ui.stack} style={{ gap: "0.75rem" }}>
        <form action={roleAction} className={ui.toolbar}>
          <input type="hidden" name="id" value={props.id} />
          <label className="visually-hidden" htmlFor={`role-${props.id}`}>
            Role for {props.email}
          </label>
          <select id={`role-${props.id}`} name="role" defaultValue={props.role}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <SubmitButton pending="Saving…" variant="secondary">
            Change role
          </SubmitButton>
        </form>
        <form action={passwordAction} className={ui.toolbar}>
          <input type="hidden" name="id" value={props.id} />
          <label className="visually-hidden" htmlFor={`password-${props.id}`}>
            New password for {props.email}
          </label>
          <input
            id={`password-${props.id}`}
            name="password"
            type="password"
            autoComplete="new-password"
            placeholder="new password"
            minLength={10}
            required
          />
          <SubmitButton pending="Saving…" variant="secondary">
            Reset password
          </SubmitButton>
        </form>
        {!props.self && (
          <form action={accessAction}>
            <input type="hidden" name="id" value={props.id} />
            <input type="hidden" name="disabled" value={String(!props.disabled)} />
            <SubmitButton pending="Saving…" variant={props.disabled ? "secondary" : "danger"}>
              {props.disabled ? "Enable" : "Disable"}
            </SubmitButton>
          </form>
        )}
        {state && <ActionStatus state={state} />}
      </div>
    </details>
  );
}
