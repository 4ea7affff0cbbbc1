// The users of one page: who, role, status (with Unlock while locked), when
// created, and the controls to change role, password or access.
import { changeRoleAction, resetPasswordAction, setDisabledAction, unlockUserAction } from "@/lib/actions/users";
import type { listUsersPage } from "@/lib/db/queries/users";
import { UserStatus } from "@/components/users/user-status";
import { UserControls } from "@/components/users/user-forms";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { Identifier } from "@/components/ui/identifier";
import { ui } from "@/components/ui/styles";

type User = Awaited<ReturnType<typeof listUsersPage>>["items"][number];

export function UserTable(props: { users: User[]; locked: Map<string, Date>; meId: number }) {
  const { users, locked, meId } = props;
  return (
    <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Users">
      <table className={ui.table} data-testid="users">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Created (UTC)</th>
            <th scope="col">Manage</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>
                <strong>{u.name}</strong>
                <br />
                <span className={ui.muted}>
                  <Identifier text={u.email} />
                </span>
              </td>
              <td>
                <Badge tone="info">{u.role}</Badge>
              </td>
              <td>
                <UserStatus
                  email={u.email}
                  disabled={Boolean(u.disabledAt)}
                  lockedUntil={locked.get(u.email)}
                  unlock={unlockUserAction}
                />
              </td>
              <td>{formatDateTime(u.createdAt)}</td>
              <td>
                <UserControls
                  id={u.id}
                  email={u.email}
                  role={u.role}
                  disabled={Boolean(u.disabledAt)}
                  self={u.id === meId}
                  changeRole={changeRoleAction}
                  resetPassword={resetPasswordAction}
                  setDisabled={setDisabledAction}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
