// The whole checklist, every source at once, each on its own deadline: a
// source that fails or stalls makes its own checks "not checked", with why,
// and holds up nothing else. The page, the overview card and `npm run doctor`
// all read this.
import { cached } from "@/lib/db/cache";
import { within } from "@/lib/deadline";
import { sql } from "@/lib/db/sql";
import { incidentSettingsSchema, readIncidentSettings } from "@/lib/incidents/settings";
import { byUrgency, notChecked, type CheckFinding } from "./check";
import { ruleChecks } from "./from-rules";
import { driftFindings, migrationFindings, schemaFindings } from "./schema";
import { configLints } from "./config-lints";
import { securityLints } from "./security-lints";
import { serverChecks } from "./server-checks";
import { tableChecks } from "./table-checks";

const SOURCE_DEADLINE_MS = 8_000;

export async function runChecklist(now = new Date()): Promise<CheckFinding[]> {
  await sql("Checklist.reach", "SELECT 1"); // a database that does not answer is an error, not a list of "not checked"
  // Another database than the app's has no settings table: the default thresholds apply.
  const settings = await readIncidentSettings().catch(() => incidentSettingsSchema.parse({}));
  const sources: [string, Promise<CheckFinding[]>][] = [
    ["the incident rules", ruleChecks(settings, now)],
    ["the schema", schemaFindings()],
    ["the migrations", migrationFindings()],
    ["schema drift", driftFindings()],
    ...serverChecks(settings, now),
    ...tableChecks(settings),
    ...configLints(settings),
    ...securityLints(),
  ];
  const results = await Promise.all(
    sources.map(([name, findings]) =>
      within(findings, SOURCE_DEADLINE_MS, name).catch((error: Error) => [
        notChecked({ id: name.replace(/\W+/g, "_"), title: `Checks of ${name}`, docs: "" }, error.message),
      ]),
    ),
  );
  return results.flat().sort(byUrgency);
}

/** The checklist as the dashboard shows it: read at most every 30 s, whoever asks. */
export const cachedChecklist = () =>
  cached({ name: "checklist", params: {}, kind: "insights", tags: ["insights"] }, () => runChecklist());

export type ChecklistSummary = { problems: number; warnings: number; notChecked: number; ok: number };

export const summarise = (findings: CheckFinding[]): ChecklistSummary => ({
  problems: findings.filter((f) => f.status === "problem").length,
  warnings: findings.filter((f) => f.status === "warning").length,
  notChecked: findings.filter((f) => f.status === "not-checked").length,
  ok: findings.filter((f) => f.status === "ok").length,
});
