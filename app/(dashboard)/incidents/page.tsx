import { saveIncidentSettingsAction } from "@/lib/actions/incidents";
import { requirePage } from "@/lib/auth/guard";
import { readChecks } from "@/lib/incidents/checks";
import { deliverySummary } from "@/lib/incidents/deliver";
import { lastEvaluation, listIncidents } from "@/lib/incidents/incidents";
import { ruleTitle } from "@/lib/incidents/rules";
import { readIncidentSettings } from "@/lib/incidents/settings";
import { DeliveryCard } from "@/components/incidents/delivery-card";
import { IncidentTable } from "@/components/incidents/incident-table";
import { RuleStatus } from "@/components/incidents/rule-status";
import { IncidentSettingsForm } from "@/components/incidents/settings-form";
import { Notice } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Incidents" };
export const dynamic = "force-dynamic";

export default async function IncidentsPage() {
  const user = await requirePage("/incidents");
  const [incidents, settings, evaluated, rules, channels] = await Promise.all([
    listIncidents(),
    readIncidentSettings(),
    lastEvaluation(),
    readChecks("rule:"),
    readChecks("channel:"),
  ]);
  const open = incidents.filter((i) => !i.resolvedAt);
  const blind = [...rules.values()].filter((c) => !c.ok);
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Incidents"
        lead="The database watched for you: each rule is checked every minute by one instance, and an incident sends one message when it fires and one when it resolves."
      />
      <div className={ui.grid}>
        <DeliveryCard delivery={deliverySummary()} channels={channels} evaluated={evaluated} />
        <Card title="Open now">
          {open.length ? (
            <Notice tone="bad">
              {open.length} open: {open.map((i) => ruleTitle(i.rule)).join(", ")}.
            </Notice>
          ) : (
            <Notice tone="ok">Nothing is firing.</Notice>
          )}
          {blind.length > 0 && (
            <Notice tone="warn">
              {blind.length} rule{blind.length === 1 ? "" : "s"} could not be evaluated last time: see Rules below.
            </Notice>
          )}
        </Card>
        <Card title="Incidents" description="Open first, then the most recent resolved ones." wide>
          {incidents.length ? (
            <IncidentTable incidents={incidents} />
          ) : (
            <EmptyState title="No incident yet">
              When a rule&apos;s condition holds, its incident appears here.
            </EmptyState>
          )}
        </Card>
        <Card title="Rules" description="Whether each rule could read what it needs at its last evaluation." wide>
          <RuleStatus checks={rules} />
        </Card>
        {user.role === "admin" && (
          <Card title="Thresholds and targets" description="Every instance uses these from its next evaluation." wide>
            <IncidentSettingsForm action={saveIncidentSettingsAction} settings={settings} />
          </Card>
        )}
      </div>
    </div>
  );
}
