// Per-table row counts and content checksums, read in one snapshot: what a
// backup contained, and what a restore must give back.
import type pg from "pg";
import { qualified } from "@/lib/db/identifiers";
import { openPgClient } from "@/lib/db/pg-client";
import { ownSchema, type AsideSchema } from "@/lib/ops/aside";

export type TableStats = Record<string, { rows: number; checksum: string }>;

/**
 * The checksum is the sum of each row's md5 (first 60 bits), order-free, so
 * it streams in constant memory. Output settings are pinned so that the same
 * rows print the same text in any session.
 */
const PINNED_OUTPUT = `SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1; SET IntervalStyle = 'postgres'; SET bytea_output = 'hex'`;

/**
 * Every schema's tables (partitioned parents too); public's go by their bare
 * name. Schemas a restore kept aside are not the database's own; with
 * `aside`, only those are read, under the names they had.
 */
async function tablesOf(client: pg.ClientBase, aside?: AsideSchema[]): Promise<{ key: string; quoted: string }[]> {
  const originalOf = new Map(aside?.map((s) => [s.aside, s.original]));
  const publicName = aside?.find((s) => s.original === "public")?.aside ?? "public";
  const { rows } = await client.query<{ schema: string; name: string }>(
    `SELECT schemaname AS schema, tablename AS name FROM pg_tables
      WHERE ${aside ? "schemaname = ANY($2)" : ownSchema("schemaname")}
      ORDER BY schemaname = $1 DESC, schemaname, tablename`,
    aside ? [publicName, [...originalOf.keys()]] : [publicName],
  );
  return rows.map(({ schema, name }) => {
    const original = originalOf.get(schema) ?? schema;
    return { key: original === "public" ? name : `${original}.${name}`, quoted: qualified(schema, name) };
  });
}

async function statsOf(client: pg.ClientBase, quoted: string): Promise<TableStats[string]> {
  const { rows } = await client.query<{ rows: string; checksum: string }>(
    `SELECT count(*) AS rows, coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text AS checksum FROM ${quoted} t`,
  );
  return { rows: Number(rows[0].rows), checksum: rows[0].checksum };
}

/** Every table's stats on one connection (inside its transaction and snapshot, if it has one). */
export async function readTableStats(client: pg.ClientBase, aside?: AsideSchema[]): Promise<TableStats> {
  await client.query(PINNED_OUTPUT);
  const stats: TableStats = {};
  for (const { key, quoted } of await tablesOf(client, aside)) stats[key] = await statsOf(client, quoted);
  return stats;
}

/**
 * The same, over `connections` connections at once (a restore's final check:
 * reading every row is CPU work the server can spread over its cores). The
 * biggest tables are started first so that the connections finish together.
 */
export async function readTableStatsInParallel(
  databaseUrl: string,
  connections: number,
  applicationName: string,
): Promise<TableStats> {
  const clients = await Promise.all(
    Array.from({ length: connections }, () => openPgClient(databaseUrl, applicationName)),
  );
  try {
    const tables = await tablesOf(clients[0]);
    const { rows: sizes } = await clients[0].query<{ name: string; bytes: string }>(
      `SELECT c.oid::regclass::text AS name, pg_total_relation_size(c.oid)::text AS bytes FROM pg_class c WHERE c.relkind IN ('r', 'p')`,
    );
    const sizeOf = new Map(sizes.map((r) => [r.name, Number(r.bytes)]));
    const queue = [...tables].sort((a, b) => (sizeOf.get(b.key) ?? 0) - (sizeOf.get(a.key) ?? 0));
    const stats: TableStats = {};
    await Promise.all(
      clients.map(async (client) => {
        await client.query(PINNED_OUTPUT);
        for (let next = queue.shift(); next; next = queue.shift()) stats[next.key] = await statsOf(client, next.quoted);
      }),
    );
    return Object.fromEntries(tables.map((t) => [t.key, stats[t.key]]));
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }
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
