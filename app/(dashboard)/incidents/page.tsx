import { acknowledgeIncidentAction, saveIncidentSettingsAction, snoozeIncidentAction } from "@/lib/actions/incidents";
import { requirePage } from "@/lib/auth/guard";
import { deliverySummary } from "@/lib/incidents/deliver";
import { lastEvaluation, listIncidents, type Incident } from "@/lib/incidents/incidents";
import { ruleTitle } from "@/lib/incidents/rules";
import { readIncidentSettings } from "@/lib/incidents/settings";
import { IncidentActions } from "@/components/incidents/incident-actions";
import { IncidentSettingsForm } from "@/components/incidents/settings-form";
import { Badge, Notice } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatAge, formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Incidents" };
export const dynamic = "force-dynamic";

const STATUS_TONE = { pending: "info", firing: "bad", resolved: "ok" } as const;

const COLUMNS: Column<Incident>[] = [
  { header: "#", numeric: true, cell: (r) => r.id },
  { header: "Status", cell: (r) => <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge> },
  {
    header: "Alert",
    wrap: true,
    cell: (r) => (
      <>
        <strong>{ruleTitle(r.rule)}</strong>
        {r.subject && <span className={ui.mono}> {r.subject}</span>}
        <br />
        {r.summary}
      </>
    ),
  },
  {
    header: "When",
    cell: (r) => (
      <>
        {formatDateTime(r.firedAt ?? r.pendingSince)}
        {r.resolvedAt && (
          <>
            <br />
            <span className={ui.muted}>resolved {formatAge(r.resolvedAt)}</span>
          </>
        )}
      </>
    ),
  },
  {
    header: "Handled",
    wrap: true,
    cell: (r) => (
      <>
        {r.acknowledgedBy ? `acknowledged by ${r.acknowledgedBy}` : r.status === "resolved" ? "–" : "not yet"}
        {r.snoozed && !r.resolvedAt && (
          <>
            <br />
            <span className={ui.muted}>snoozed until {formatDateTime(r.snoozedUntil!)}</span>
          </>
        )}
        {Object.keys(r.sent).length > 0 && (
          <>
            <br />
            <span className={ui.muted}>sent: {Object.keys(r.sent).join(", ")}</span>
          </>
        )}
      </>
    ),
  },
  {
    header: "Act",
    cell: (r) =>
      r.resolvedAt ? null : (
        <IncidentActions
          id={r.id}
          acknowledged={r.acknowledgedBy !== null}
          acknowledge={acknowledgeIncidentAction}
          snooze={snoozeIncidentAction}
        />
      ),
  },
];

export default async function IncidentsPage() {
  const user = await requirePage("/incidents");
  const [incidents, settings, evaluated] = await Promise.all([
    listIncidents(),
    readIncidentSettings(),
    lastEvaluation(),
  ]);
  const delivery = deliverySummary();
  const open = incidents.filter((i) => !i.resolvedAt);
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Incidents"
        lead="The database watched for you: each rule is checked every minute by one instance, and an incident sends one message when it fires and one when it resolves."
      />
      <div className={ui.grid}>
        <Card title="Delivery">
          <dl className={ui.facts}>
            <dt>Webhook</dt>
            <dd>
              {delivery.webhookHost ? (
                <Badge tone="ok">{delivery.webhookHost}</Badge>
              ) : (
                <Badge tone="warn">not set (ALERT_WEBHOOK_URL)</Badge>
              )}
            </dd>
            <dt>E-mail</dt>
            <dd>
              {delivery.emailTo ? (
                <Badge tone="ok">to {delivery.emailTo}</Badge>
              ) : (
                <Badge tone="warn">not set (SMTP_URL and ALERT_EMAIL_TO)</Badge>
              )}
            </dd>
            <dt>Last evaluated</dt>
            <dd>{evaluated ? `${formatAge(evaluated.at)} by ${evaluated.by}` : "not yet"}</dd>
          </dl>
        </Card>
        <Card title="Open now">
          {open.length ? (
            <Notice tone="bad">
              {open.length} open: {open.map((i) => ruleTitle(i.rule)).join(", ")}.
            </Notice>
          ) : (
            <Notice tone="ok">Nothing is firing.</Notice>
          )}
        </Card>
        <Card title="Incidents" description="Open first, then the most recent resolved ones." wide>
          {incidents.length ? (
            <DataTable caption="Incidents" columns={COLUMNS} rows={incidents} rowKey={(r) => r.id} testId="incidents" />
          ) : (
            <EmptyState title="No incident yet">
              When a rule&apos;s condition holds, its incident appears here.
            </EmptyState>
          )}
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
