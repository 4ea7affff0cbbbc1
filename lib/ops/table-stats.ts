// Per-table row counts and content checksums, read in one snapshot: what a
// backup contained, and what a restore must give back.
import type pg from "pg";

export type TableStats = Record<string, { rows: number; checksum: string }>;

/**
 * The checksum is the sum of each row's md5 (first 60 bits), order-free, so
 * it streams in constant memory. Output settings are pinned so that the same
 * rows print the same text in any session.
 */
export async function readTableStats(client: pg.ClientBase): Promise<TableStats> {
  await client.query(
    `SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1; SET IntervalStyle = 'postgres'; SET bytea_output = 'hex'`,
  );
  // Every schema's tables (partitioned parents too); public's go by their bare name.
  const { rows: tables } = await client.query<{ schema: string; name: string }>(
    `SELECT schemaname AS schema, tablename AS name FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg\\_%'
      ORDER BY schemaname = 'public' DESC, schemaname, tablename`,
  );
  const stats: TableStats = {};
  const ident = (text: string) => `"${text.replace(/"/g, '""')}"`;
  for (const { schema, name } of tables) {
    const quoted = `${ident(schema)}.${ident(name)}`;
    const key = schema === "public" ? name : `${schema}.${name}`;
    const { rows } = await client.query<{ rows: string; checksum: string }>(
      `SELECT count(*) AS rows, coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text AS checksum FROM ${quoted} t`,
    );
    stats[key] = { rows: Number(rows[0].rows), checksum: rows[0].checksum };
  }
  return stats;
}

/** Human-readable differences between what was expected and what is there. */
export function compareStats(expected: TableStats, actual: TableStats): string[] {
  const problems: string[] = [];
  for (const [table, want] of Object.entries(expected)) {
    const got = actual[table];
    if (!got) problems.push(`${table}: missing`);
    else if (got.rows !== want.rows) problems.push(`${table}: ${got.rows} rows, expected ${want.rows}`);
    else if (got.checksum !== want.checksum) problems.push(`${table}: same row count, different content`);
  }
  for (const table of Object.keys(actual)) if (!expected[table]) problems.push(`${table}: not in the backup`);
  return problems;
}
