// The checklist as a table: each finding's status, the check (linked to the
// Postgres documentation that explains it), the object, what is wrong, the
// fix, and where the dashboard shows the detail.
import Link from "next/link";
import type { CheckFinding, CheckStatus } from "@/lib/checklist/check";
import { Badge, type Tone } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Identifier } from "@/components/ui/identifier";
import { ui } from "@/components/ui/styles";

const TONE: Record<CheckStatus, Tone> = { problem: "bad", warning: "warn", "not-checked": "info", ok: "ok" };

/** Where each check's detail is on the dashboard. */
const DETAIL: Record<string, string> = {
  connections_high: "/insights?tab=activity",
  long_query: "/insights?tab=activity",
  lock_wait: "/insights?tab=waits",
  idle_in_transaction: "/insights?tab=activity",
  autovacuum_off: "/insights?tab=maintenance",
  analyze_stale: "/insights?tab=maintenance",
  dead_rows: "/insights?tab=maintenance",
  index_bloat: "/insights?tab=maintenance",
  integer_column_high: "/insights?tab=checks",
  sequence_high: "/insights?tab=checks",
  xid_age: "/insights?tab=checks",
  duplicate_index: "/insights?tab=checks",
  redundant_index: "/insights?tab=checks",
  invalid_index: "/insights?tab=checks",
  fk_unindexed: "/insights?tab=checks",
  no_primary_key: "/insights?tab=checks",
  unused_index: "/insights?tab=statistics",
  cache_hit_ratio: "/insights?tab=statistics",
  backup_stale: "/operations",
  drill_overdue: "/operations",
  migrations: "/operations",
  pitr_unarchived: "/operations",
  replication_slot: "/incidents",
  schema_drift: "/incidents",
};

const COLUMNS: Column<CheckFinding>[] = [
  { header: "Status", cell: (r) => <Badge tone={TONE[r.status]}>{r.status.replace("-", " ")}</Badge> },
  {
    header: "Check",
    cell: (r) => {
      const title = <Identifier text={r.title} />;
      return r.docs.startsWith("http") ? <a href={r.docs}>{title}</a> : title;
    },
  },
  { header: "Object", mono: true, cell: (r) => r.subject || "–" },
  { header: "What", wrap: true, cell: (r) => <Identifier text={r.summary} /> },
  {
    header: "Fix",
    mono: true,
    wrap: true,
    cell: (r) => (
      <>
        <Identifier text={r.fix || "–"} />
        {r.detail && (
          <details>
            <summary>{r.detail.label}</summary>
            <pre className={ui.mono} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", margin: 0 }}>
              {r.detail.text}
            </pre>
          </details>
        )}
      </>
    ),
  },
  { header: "Detail", cell: (r) => (DETAIL[r.id] ? <Link href={DETAIL[r.id]}>Open</Link> : "–") },
];

export function ChecklistTable({ findings, caption }: { findings: CheckFinding[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      columns={COLUMNS}
      rows={findings}
      rowKey={(r) => `${r.id}:${r.subject}:${r.status}`}
      testId="checklist"
    />
  );
}
