// Every rule and whether its last evaluation could see what it needs: a rule
// that could not (Redis or S3 not answering, say) says so here with the
// reason, instead of staying silently quiet.
import type { Check } from "@/lib/incidents/checks";
import { RULES } from "@/lib/incidents/rules";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatAge } from "@/components/ui/format";

type Row = { id: string; title: string; check: Check | undefined };

const COLUMNS: Column<Row>[] = [
  { header: "Rule", wrap: true, cell: (r) => r.title },
  {
    header: "Last evaluation",
    wrap: true,
    cell: (r) =>
      !r.check ? (
        "not yet"
      ) : r.check.ok ? (
        <Badge tone="ok">evaluated {formatAge(r.check.checkedAt)}</Badge>
      ) : (
        <>
          <Badge tone="warn">could not evaluate</Badge> {r.check.detail}
        </>
      ),
  },
];

export function RuleStatus({ checks }: { checks: Map<string, Check> }) {
  const rows = RULES.map((r) => ({ id: r.id, title: r.title, check: checks.get(`rule:${r.id}`) }));
  return <DataTable caption="Rules" columns={COLUMNS} rows={rows} rowKey={(r) => r.id} testId="rule-status" />;
}
