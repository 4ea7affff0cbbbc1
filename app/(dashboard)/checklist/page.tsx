import { requirePage } from "@/lib/auth/guard";
import { cachedChecklist, summarise } from "@/lib/checklist/run";
import { ChecklistTable } from "@/components/checklist/checklist-table";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Checklist" };
export const dynamic = "force-dynamic";

export default async function ChecklistPage() {
  await requirePage("/checklist");
  const findings = await cachedChecklist();
  const s = summarise(findings);
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Checklist"
        lead="What is wrong with the database now, each with its fix: problems first. The same checks run from the shell with npm run doctor. Read every 30 seconds at most."
      />
      <Card
        title="Every check"
        description="Thresholds are the incident settings (/incidents); each check links to the Postgres documentation that explains it."
        wide
        actions={
          <div className={ui.toolbar} data-testid="checklist-summary">
            <Badge tone={s.problems ? "bad" : "ok"}>{s.problems} problem(s)</Badge>
            <Badge tone={s.warnings ? "warn" : "ok"}>{s.warnings} warning(s)</Badge>
            {s.notChecked > 0 && <Badge tone="info">{s.notChecked} not checked</Badge>}
            <Badge tone="ok">{s.ok} ok</Badge>
          </div>
        }
      >
        <ChecklistTable findings={findings} caption="Checklist" />
      </Card>
    </div>
  );
}
