// Every incident, open first: status, what it says, when, who handles it and
// what was sent; open ones with their acknowledge and snooze controls.
import Link from "next/link";
import { acknowledgeIncidentAction, snoozeIncidentAction } from "@/lib/actions/incidents";
import type { Incident } from "@/lib/incidents/incidents";
import { ruleTitle } from "@/lib/incidents/rules";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatAge, formatDateTime } from "@/components/ui/format";
import { Identifier } from "@/components/ui/identifier";
import { ui } from "@/components/ui/styles";
import { IncidentActions } from "./incident-actions";

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
        {r.subject && (
          <span className={ui.mono}>
            {" "}
            <Identifier text={r.subject} />
          </span>
        )}
        <br />
        <Identifier text={r.summary} />
        {r.rule === "plan_regressed" && (
          <>
            {" "}
            <Link href={`/insights?tab=plans&family=${encodeURIComponent(r.subject)}`}>Both plans side by side</Link>
          </>
        )}
        {r.rule === "schema_drift" && (
          <>
            {" "}
            <Link href="/checklist">The migration that adopts it</Link>
          </>
        )}
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
        {r.acknowledgedBy ? (
          <>
            acknowledged by <Identifier text={r.acknowledgedBy} />
          </>
        ) : r.status === "resolved" ? (
          "–"
        ) : (
          "not yet"
        )}
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

export function IncidentTable({ incidents }: { incidents: Incident[] }) {
  return <DataTable caption="Incidents" columns={COLUMNS} rows={incidents} rowKey={(r) => r.id} testId="incidents" />;
}
