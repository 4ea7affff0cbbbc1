import { requirePage } from "@/lib/auth/guard";
import { AUDIT_PAGE_SIZE, auditParams, listAudit } from "@/lib/db/queries/audit";
import { COUNT_CAP } from "@/lib/db/queries/cursor";
import { Badge, Notice } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, rangeLabel, withParams } from "@/components/ui/pagination";
import { DataTable, type Column } from "@/components/ui/data-table";
import { pageNumber, pickParams, problemOf, type Raw } from "@/components/ui/search-params";
import { FilterButtons } from "@/components/ui/filter-fields";
import { Identifier } from "@/components/ui/identifier";
import { ui, cx } from "@/components/ui/styles";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type Entry = Awaited<ReturnType<typeof listAudit>>["items"][number];

/** An entry's details in words: the message, else the job it belongs to, else "key: value" pairs. */
function detailsOf(details: unknown): string {
  if (!details) return "";
  const { message, job, ...rest } = details as { message?: string; job?: string };
  if (message) return message;
  if (job && !Object.keys(rest).length) return `job ${job.slice(0, 8)}`;
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}

const COLUMNS: Column<Entry>[] = [
  { header: "When (UTC)", cell: (e) => formatDateTime(e.at) },
  { header: "Actor", cell: (e) => <Identifier text={e.actor} /> },
  { header: "Action", mono: true, cell: (e) => e.action },
  { header: "Target", mono: true, cell: (e) => e.target ?? "" },
  {
    header: "Outcome",
    cell: (e) => <Badge tone={e.outcome === "ok" ? "ok" : e.outcome === "denied" ? "bad" : "warn"}>{e.outcome}</Badge>,
  },
  {
    header: "Details",
    wrap: true,
    cell: (e) => <Identifier text={detailsOf(e.details)} />,
  },
];

export default async function AuditPage({ searchParams }: { searchParams: Promise<Raw> }) {
  await requirePage("/audit");
  const raw = await searchParams;
  const query = pickParams(raw, ["actor", "action", "outcome", "cursor", "before", "page"]);
  const parsed = auditParams.safeParse(query);
  const result = parsed.success ? await listAudit(parsed.data) : null;
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Audit log"
        lead="Who did what, when, with what result: sign-ins, operations, user changes and refused attempts."
      />
      <form method="get" className={cx(ui.card, ui.form)} role="search" aria-label="Filter the audit log">
        <label className={ui.field}>
          Actor
          <input name="actor" defaultValue={query.actor ?? ""} placeholder="email contains…" />
        </label>
        <label className={ui.field}>
          Action
          <input name="action" defaultValue={query.action ?? ""} placeholder="contains, e.g. backup" />
        </label>
        <label className={ui.field}>
          Outcome
          <select name="outcome" defaultValue={query.outcome ?? ""}>
            <option value="">Any</option>
            <option value="ok">ok</option>
            <option value="denied">denied</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <FilterButtons resetHref="/audit" />
      </form>
      {!parsed.success && <Notice tone="bad">These filters cannot be used ({problemOf(parsed.error)}).</Notice>}
      {result && result.total === 0 && (
        <div className={ui.card}>
          <EmptyState title="No entries match" />
        </div>
      )}
      {result && result.total > 0 && (
        <section aria-label="Audit entries">
          <p className={ui.muted} role="status">
            {rangeLabel(pageNumber(query), AUDIT_PAGE_SIZE, result.items.length, result.total, COUNT_CAP)} entries
          </p>
          <DataTable
            caption="Audit entries, newest first"
            columns={COLUMNS}
            rows={result.items}
            rowKey={(e) => e.id}
            testId="audit"
          />
          <Pagination
            prevCursor={result.prevCursor}
            nextCursor={result.nextCursor}
            page={pageNumber(query)}
            href={(to) => withParams("/audit", { ...query, cursor: undefined, before: undefined, page: undefined }, to)}
          />
        </section>
      )}
    </div>
  );
}
