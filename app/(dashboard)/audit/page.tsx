import { requirePage } from "@/lib/auth/guard";
import { auditParams, listAudit } from "@/lib/db/queries/audit";
import { Badge, Notice } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { pickParams, problemOf, type Raw } from "@/components/ui/search-params";
import { FilterButtons } from "@/components/ui/filter-fields";
import { ui, cx } from "@/components/ui/styles";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Raw> }) {
  await requirePage("/audit");
  const query = pickParams(await searchParams, ["actor", "action", "outcome", "page"]);
  const parsed = auditParams.safeParse(query);
  const result = parsed.success ? await listAudit(parsed.data) : null;
  return (
    <div className={ui.stack}>
      <PageHeader title="Audit log" lead="Who did what, when, with what result: sign-ins, operations, user changes and refused attempts." />
      <form method="get" className={cx(ui.card, ui.form)} role="search" aria-label="Filter the audit log">
        <label className={ui.field}>Actor<input name="actor" defaultValue={query.actor ?? ""} placeholder="email contains…" /></label>
        <label className={ui.field}>Action<input name="action" defaultValue={query.action ?? ""} placeholder="e.g. backup" /></label>
        <label className={ui.field}>
          Outcome
          <select name="outcome" defaultValue={query.outcome ?? ""}>
            <option value="">Any</option><option value="ok">ok</option><option value="denied">denied</option><option value="failed">failed</option>
          </select>
        </label>
        <FilterButtons resetHref="/audit" />
      </form>
      {!parsed.success && <Notice tone="bad">These filters cannot be used ({problemOf(parsed.error)}).</Notice>}
      {result && result.total === 0 && <div className={ui.card}><EmptyState title="No entries match" /></div>}
      {result && result.total > 0 && (
        <section aria-label="Audit entries">
          <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Audit entries, newest first">
            <table className={ui.table} data-testid="audit">
              <caption className="visually-hidden">Audit entries, newest first</caption>
              <thead><tr><th scope="col">When (UTC)</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">Details</th></tr></thead>
              <tbody>
                {result.items.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{e.actor}</td>
                    <td className={ui.mono}>{e.action}</td>
                    <td className={ui.mono}>{e.target ?? ""}</td>
                    <td><Badge tone={e.outcome === "ok" ? "ok" : e.outcome === "denied" ? "bad" : "warn"}>{e.outcome}</Badge></td>
                    <td className={ui.wrap}>{e.details ? String((e.details as { message?: string }).message ?? JSON.stringify(e.details)) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={result.page} pageSize={result.pageSize} total={result.total} href={(p) => withParams("/audit", query, { page: p })} />
        </section>
      )}
    </div>
  );
}
