// The audit log must survive a restore: otherwise restoring an old backup
// would erase the record of everything done since — the restore included.
// Entries newer than the backup are read before the restore and written back
// inside the restore's own transaction (same ids; those the backup already
// holds are left alone), so they are there the moment it commits.
import { randomBytes } from "node:crypto";
import { withPgClient } from "@/lib/db/pg-client";

type AuditRow = {
  id: number;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  details: unknown;
  at: Date;
};

/** The entries written since `since` (all of them when null). */
export async function readAuditSince(databaseUrl: string, since: Date | null): Promise<AuditRow[]> {
  return withPgClient(
    databaseUrl,
    async (client) => {
      const exists = await client.query(`SELECT to_regclass('public.audit_logs') AS t`);
      if (!exists.rows[0].t) return [];
      const { rows } = await client.query<AuditRow>(
        `SELECT * FROM public.audit_logs WHERE $1::timestamptz IS NULL OR at >= $1 ORDER BY id`,
        [since],
      );
      return rows;
    },
    "legendai-restore",
  );
}

/** SQL that puts `rows` back into the restored audit log (if it has one), and moves its id sequence past them. */
export function auditCarrySql(rows: AuditRow[]): string {
  if (rows.length === 0) return "";
  const tag = `$carry_${randomBytes(8).toString("hex")}$`; // cannot occur in the data: the JSON is quoted with it
  const json = JSON.stringify(rows);
  return `
DO $do$ BEGIN
  IF to_regclass('public.audit_logs') IS NOT NULL THEN
    INSERT INTO public.audit_logs (id, actor, action, target, outcome, details, at)
    SELECT id, actor, action, target, outcome, details, at FROM json_populate_recordset(NULL::public.audit_logs, ${tag}${json}${tag})
    ON CONFLICT (id) DO NOTHING;
    PERFORM setval(pg_get_serial_sequence('public.audit_logs', 'id'), greatest((SELECT max(id) FROM public.audit_logs), 1));
  END IF;
END $do$;
`;
}
