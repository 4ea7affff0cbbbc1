// The audit log must survive a restore: otherwise restoring an old backup
// would erase the record of everything done since — the restore included.
// Entries newer than the backup are read before the restore and written back
// after it (same ids; those the backup already holds are left alone).
import type pg from "pg";
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

const withClient = <T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>) =>
  withPgClient(databaseUrl, work, "legendai-restore");

/** Reads the entries written since `since` (all of them when null); returns how to put them back. */
export async function keepAuditEntries(databaseUrl: string, since: Date | null): Promise<() => Promise<number>> {
  const rows = await withClient(databaseUrl, async (client) => {
    const exists = await client.query(`SELECT to_regclass('audit_logs') AS t`);
    if (!exists.rows[0].t) return [];
    return (
      await client.query<AuditRow>(`SELECT * FROM audit_logs WHERE $1::timestamptz IS NULL OR at >= $1 ORDER BY id`, [
        since,
      ])
    ).rows;
  });
  return () =>
    rows.length === 0
      ? Promise.resolve(0)
      : withClient(databaseUrl, async (client) => {
          const result = await client.query(
            `INSERT INTO audit_logs (id, actor, action, target, outcome, details, at)
             SELECT * FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::jsonb[], $7::timestamptz[])
             ON CONFLICT (id) DO NOTHING`,
            [
              rows.map((r) => r.id),
              rows.map((r) => r.actor),
              rows.map((r) => r.action),
              rows.map((r) => r.target),
              rows.map((r) => r.outcome),
              rows.map((r) => (r.details === null ? null : JSON.stringify(r.details))),
              rows.map((r) => r.at),
            ],
          );
          // New entries must not collide with the ids put back.
          await client.query(
            `SELECT setval(pg_get_serial_sequence('audit_logs', 'id'), greatest((SELECT max(id) FROM audit_logs), 1))`,
          );
          return result.rowCount ?? 0;
        });
}
