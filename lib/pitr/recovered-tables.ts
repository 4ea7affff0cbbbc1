// What the dashboard's table recovery offers and shows: the tables of the
// public schema one can bring back, and the copies earlier recoveries left in
// the recovered schema (with the note each was written with).
import { sql } from "@/lib/db/sql";
import { RECOVERED_SCHEMA } from "@/lib/pitr/table-copy";

export type RecoveredTable = { name: string; note: string | null; rows: number; sizeBytes: number };

export async function listRecoveredTables(): Promise<RecoveredTable[]> {
  const rows = await sql<{ name: string; note: string | null; rows: string; size: string }>(
    "Recovered.list",
    `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS note,
            greatest(c.reltuples, 0)::bigint AS rows, pg_total_relation_size(c.oid) AS size
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r'
      ORDER BY c.relname DESC LIMIT 50`,
    [RECOVERED_SCHEMA],
  );
  return rows.map((r) => ({
    name: `${RECOVERED_SCHEMA}.${r.name}`,
    note: r.note,
    rows: Number(r.rows),
    sizeBytes: Number(r.size),
  }));
}

export async function publicTables(): Promise<string[]> {
  const rows = await sql<{ name: string }>(
    "Recovered.publicTables",
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_%' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}
