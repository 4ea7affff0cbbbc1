// A user's status cell: active or disabled, and, while sign-ins to the account
// are locked from some address or browser, until when, with Unlock.
import type { Action } from "@/lib/actions/action";
import { ActionButton } from "@/components/forms/action-button";
import { Badge } from "@/components/ui/badge";
import { formatTime } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

export function UserStatus(props: { email: string; disabled: boolean; lockedUntil?: Date; unlock: Action }) {
  return (
    <>
      {props.disabled ? <Badge tone="bad">disabled</Badge> : <Badge tone="ok">active</Badge>}
      {props.lockedUntil && (
        <div className={ui.toolbar} data-testid={`locked-${props.email}`}>
          <Badge tone="warn">locked until {formatTime(props.lockedUntil)} UTC</Badge>
          <ActionButton
            action={props.unlock}
            fields={{ email: props.email }}
            label={
              <>
                Unlock<span className="visually-hidden"> {props.email}</span>
              </>
            }
            pending="Unlocking…"
            variant="secondary"
          />
        </div>
      )}
    </>
  );
}
