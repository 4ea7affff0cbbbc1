// Who is signed in now, browser by browser: an admin can end one session or
// all of a user's (that browser is signed out at its next request).
import type { Action } from "@/lib/actions/action";
import type { SessionRow } from "@/lib/db/queries/sessions";
import { ActionButton } from "@/components/forms/action-button";
import { formatDateTime } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";
import { Identifier } from "@/components/ui/identifier";

type LiveSession = SessionRow & { email: string };

/** "Chrome 131 on Linux" from a user-agent string; the whole string is in the cell's title. */
export function describeBrowser(userAgent: string): string {
  const browser = /(Edg|Firefox|Chrome|Chromium|Safari)\/(\d+)/.exec(userAgent);
  const system = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(userAgent);
  if (!browser) return userAgent.slice(0, 40) || "unknown";
  const name = { Edg: "Edge" }[browser[1]] ?? browser[1];
  return `${name} ${browser[2]}${system ? ` on ${system[1].replace("Mac OS X", "macOS")}` : ""}`;
}

export function SessionTable(props: { sessions: LiveSession[]; endOne: Action; endAll: Action }) {
  const counts = new Map<number, number>();
  for (const s of props.sessions) counts.set(s.userId, (counts.get(s.userId) ?? 0) + 1);
  if (props.sessions.length === 0) return <p className={ui.muted}>Nobody is signed in.</p>;
  return (
    <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Signed-in sessions">
      <table className={ui.table} data-testid="sessions">
        <caption className="visually-hidden">Signed-in sessions</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Started (UTC)</th>
            <th scope="col">Last seen (UTC)</th>
            <th scope="col">Address</th>
            <th scope="col">Browser</th>
            <th scope="col">End</th>
          </tr>
        </thead>
        <tbody>
          {props.sessions.map((s, i) => (
            <tr key={s.id} data-testid={`session-${s.email}`}>
              <td>
                <Identifier text={s.email} />
              </td>
              <td>{formatDateTime(s.startedAt)}</td>
              <td>{formatDateTime(s.lastSeenAt)}</td>
              <td>
                <Identifier text={s.address} />
              </td>
              <td title={s.userAgent}>
                <Identifier text={describeBrowser(s.userAgent)} />
              </td>
              <td>
                <div className={ui.toolbar}>
                  <ActionButton
                    action={props.endOne}
                    fields={{ id: s.id }}
                    label="End"
                    pending="Ending…"
                    variant="secondary"
                  />
                  {counts.get(s.userId)! > 1 && props.sessions.findIndex((o) => o.userId === s.userId) === i && (
                    <ActionButton
                      action={props.endAll}
                      fields={{ id: s.userId }}
                      label={
                        <span>
                          End all {counts.get(s.userId)} of <Identifier text={s.email} />
                        </span>
                      }
                      pending="Ending…"
                      variant="danger"
                    />
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
