// The overview's first card: how many checks find a problem or a warning now,
// and the first few of them; the checklist page has the rest.
import Link from "next/link";
import { cachedChecklist, summarise } from "@/lib/checklist/run";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ui } from "@/components/ui/styles";

export async function ChecklistCard() {
  const findings = await cachedChecklist();
  const s = summarise(findings);
  const first = findings.filter((f) => f.status === "problem" || f.status === "warning").slice(0, 3);
  return (
    <Card title="Checklist" actions={<Link href="/checklist">All checks</Link>}>
      <div className={ui.stack} data-testid="checklist-card">
        <div className={ui.toolbar}>
          <Badge tone={s.problems ? "bad" : "ok"}>{s.problems} problem(s)</Badge>
          <Badge tone={s.warnings ? "warn" : "ok"}>{s.warnings} warning(s)</Badge>
          <Badge tone="ok">{s.ok} ok</Badge>
        </div>
        {first.length ? (
          <ul className={ui.muted} style={{ margin: 0, paddingLeft: "1.1rem" }}>
            {first.map((f) => (
              <li key={`${f.id}:${f.subject}`}>
                {f.title}
                {f.subject ? ` (${f.subject})` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p className={ui.muted}>Every check is fine.</p>
        )}
      </div>
    </Card>
  );
}
