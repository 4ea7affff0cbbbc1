// The checklist against a private cluster: its server checks and lints read
// through one connection to it, and what they found, by check, as
// "subject:status" lines.
import pg from "pg";
import { configLints } from "@/lib/checklist/config-lints";
import { securityLints } from "@/lib/checklist/security-lints";
import { serverChecks } from "@/lib/checklist/server-checks";
import { tableChecks } from "@/lib/checklist/table-checks";
import type { CheckFinding } from "@/lib/checklist/check";
import { incidentSettingsSchema } from "@/lib/incidents/settings";

export const settings = incidentSettingsSchema.parse({});

export async function checksOf(db: pg.Client, now = new Date()): Promise<CheckFinding[]> {
  const sources = [
    ...serverChecks(settings, now, db),
    ...tableChecks(settings, db),
    ...configLints(settings, db),
    ...securityLints(db),
  ];
  return (await Promise.all(sources.map(([, findings]) => findings))).flat();
}

/** One check's findings as "subject:status" (subject "" for the check as a whole). */
export const statusOf = async (db: pg.Client, id: string, now?: Date) =>
  (await checksOf(db, now)).filter((f) => f.id === id).map((f) => `${f.subject}:${f.status}`);

export async function connect(url: string, options: Partial<pg.ClientConfig> = {}): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, ...options });
  await client.connect();
  return client;
}

/** ALTER SYSTEM and reload, waiting until this session sees the new value. */
export async function setSystem(db: pg.Client, name: string, value: string | null): Promise<void> {
  await db.query(value === null ? `ALTER SYSTEM RESET ${name}` : `ALTER SYSTEM SET ${name} = '${value}'`);
  await db.query("SELECT pg_reload_conf()");
  await new Promise((resolve) => setTimeout(resolve, 300));
}
