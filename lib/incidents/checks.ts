// The latest outcome of each thing the monitor checks, kept in monitor_checks:
// every rule ("rule:<id>": evaluated, or why it could not be) and every
// delivery channel ("channel:<name>": its last delivery). /incidents shows
// them, so a rule that cannot see its facts is never silently quiet.
import { sql } from "@/lib/db/sql";

export type Check = { name: string; checkedAt: Date; ok: boolean; detail: string | null };

/** Records many outcomes in one statement. */
export async function recordChecks(checks: Omit<Check, "checkedAt">[], at = new Date()): Promise<void> {
  if (!checks.length) return;
  await sql(
    "MonitorCheck.upsert",
    `INSERT INTO monitor_checks (name, checked_at, ok, detail)
     SELECT name, $1, ok, detail FROM unnest($2::varchar[], $3::boolean[], $4::text[]) AS c(name, ok, detail)
     ON CONFLICT (name) DO UPDATE SET checked_at = EXCLUDED.checked_at, ok = EXCLUDED.ok, detail = EXCLUDED.detail`,
    [at, checks.map((c) => c.name), checks.map((c) => c.ok), checks.map((c) => c.detail)],
  );
}

/** Every outcome whose name starts with `prefix` ("rule:", "channel:"), by name. */
export async function readChecks(prefix: string): Promise<Map<string, Check>> {
  const rows = await sql<Check>(
    "MonitorCheck.findMany",
    `SELECT name, checked_at AS "checkedAt", ok, detail FROM monitor_checks WHERE starts_with(name, $1) ORDER BY name`,
    [prefix],
  );
  return new Map(rows.map((r) => [r.name, r]));
}
