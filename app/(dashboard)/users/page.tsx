import {
  changeRoleAction,
  createUserAction,
  endAllSignInSessionsAction,
  endSignInSessionAction,
  resetPasswordAction,
  setDisabledAction,
  unlockUserAction,
} from "@/lib/actions/users";
import { lockedAccounts } from "@/lib/auth/throttle";
import { requirePage } from "@/lib/auth/guard";
import { listUsers } from "@/lib/db/queries/users";
import { liveSessions } from "@/lib/db/queries/sessions";
import { SessionTable } from "@/components/users/session-table";
import { UserStatus } from "@/components/users/user-status";
import { CreateUserForm, UserControls } from "@/components/users/user-forms";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { ui } from "@/components/ui/styles";
import { Identifier } from "@/components/ui/identifier";

export const metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const me = await requirePage("/users");
  const [users, locked, sessions] = await Promise.all([listUsers(), lockedAccounts(), liveSessions()]);
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Users"
        lead="Who can sign in, and as what. A role change, a new password or disabling signs the user out everywhere; every change is in the audit log."
      />
      <Card title="Create a user">
        <CreateUserForm action={createUserAction} />
      </Card>
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
                    self={u.id === me.id}
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
      <Card title="Signed-in sessions">
        <SessionTable
          sessions={sessions.map((s) => ({
            ...s,
            email: users.find((u) => u.id === s.userId)?.email ?? `user ${s.userId}`,
          }))}
          endOne={endSignInSessionAction}
          endAll={endAllSignInSessionsAction}
        />
      </Card>
    </div>
  );
}
