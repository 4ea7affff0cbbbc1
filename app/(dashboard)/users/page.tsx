import { createUserAction, endAllSignInSessionsAction, endSignInSessionAction } from "@/lib/actions/users";
import { lockedAccounts } from "@/lib/auth/throttle";
import { requirePage } from "@/lib/auth/guard";
import { emailsOf, listUsersPage, ROLES, USERS_PAGE_SIZE, usersPageParams } from "@/lib/db/queries/users";
import { COUNT_CAP } from "@/lib/db/queries/cursor";
import { liveSessions } from "@/lib/db/queries/sessions";
import { SessionTable } from "@/components/users/session-table";
import { CreateUserForm } from "@/components/users/user-forms";
import { UserTable } from "@/components/users/user-table";
import { Notice } from "@/components/ui/badge";
import { FilterButtons } from "@/components/ui/filter-fields";
import { Pagination, rangeLabel, withParams } from "@/components/ui/pagination";
import { pageNumber, pickParams, problemOf, type Raw } from "@/components/ui/search-params";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { cx, ui } from "@/components/ui/styles";

export const metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage({ searchParams }: { searchParams: Promise<Raw> }) {
  const me = await requirePage("/users");
  const query = pickParams(await searchParams, ["q", "role", "cursor", "before", "page"]);
  const parsed = usersPageParams.safeParse(query);
  const [result, locked, sessions] = await Promise.all([
    parsed.success ? listUsersPage(parsed.data, COUNT_CAP) : null,
    lockedAccounts(),
    liveSessions(),
  ]);
  const users = result?.items ?? [];
  const sessionEmails = await emailsOf(sessions.map((s) => s.userId));
  const page = pageNumber(query);
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Users"
        lead="Who can sign in, and as what. A role change, a new password or disabling signs the user out everywhere; every change is in the audit log."
      />
      <Card title="Create a user">
        <CreateUserForm action={createUserAction} />
      </Card>
      <form method="get" className={cx(ui.card, ui.form)} role="search" aria-label="Filter users">
        <label className={ui.field}>
          E-mail or name
          <input name="q" defaultValue={query.q ?? ""} placeholder="e-mail or name contains…" />
        </label>
        <label className={ui.field}>
          Role
          <select name="role" defaultValue={query.role ?? ""}>
            <option value="">Any</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <FilterButtons resetHref="/users" />
      </form>
      {!parsed.success && <Notice tone="bad">These filters cannot be used ({problemOf(parsed.error)}).</Notice>}
      {result && (
        <p className={ui.muted} role="status" data-testid="users-count">
          {rangeLabel(page, USERS_PAGE_SIZE, users.length, result.total, COUNT_CAP)} users, by e-mail
        </p>
      )}
      <UserTable users={users} locked={locked} meId={me.id} />
      {result && (
        <Pagination
          prevCursor={result.prevCursor}
          nextCursor={result.nextCursor}
          href={(p) => withParams("/users", query, { cursor: p.cursor, before: p.before, page: p.page })}
          labels={{ prev: "← Previous", next: "Next →" }}
          page={page}
        />
      )}
      <Card title="Signed-in sessions">
        <SessionTable
          sessions={sessions.map((s) => ({
            ...s,
            email: sessionEmails.get(s.userId) ?? `user ${s.userId}`,
          }))}
          endOne={endSignInSessionAction}
          endAll={endAllSignInSessionsAction}
        />
      </Card>
    </div>
  );
}
