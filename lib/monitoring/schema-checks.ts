// Index and schema checks, each finding with the statement that fixes it:
// indexes that another index makes redundant, invalid indexes (a failed
// CREATE INDEX CONCURRENTLY), foreign keys whose referencing columns have no
// index (every delete on the parent scans the child), tables without a primary key.
import { qualified, quoteIdent } from "@/lib/db/identifiers";
import { sql, type SqlTarget } from "@/lib/db/sql";

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;
const shown = (schema: string, name: string) => (schema === "public" ? name : `${schema}.${name}`);

export type Finding = {
  kind: "duplicate" | "redundant" | "invalid" | "fk-unindexed" | "no-primary-key";
  table: string;
  detail: string;
  fix: string;
};

/**
 * Indexes of the product's own schema kept on purpose although another covers
 * them: not reported. ix_alert_logs_user_id is the documented "alerts by user"
 * index of the original guide; (user_id, alert_sent_at) serves the same
 * lookups, and the extra index costs one more entry per alert written, which
 * at alert volumes is nothing. Dropping it is a migration away if that changes.
 */
export const KEPT_ON_PURPOSE: Record<string, string> = {
  "public.ix_alert_logs_user_id": "the documented index for a user's alerts (README: Indexes)",
};

/**
 * `index` is redundant when `coveredBy` starts with the same columns, in the
 * same order, directions and operator classes (a duplicate when they are the
 * same columns). Unique and primary-key indexes enforce something: never reported.
 */
async function redundantIndexes(db?: SqlTarget): Promise<Finding[]> {
  const rows = await sql<{ schema: string; table: string; index: string; coveredBy: string; duplicate: boolean }>(
    "SchemaChecks.redundantIndexes",
    `SELECT n.nspname AS schema, t.relname AS "table", ca.relname AS index, cb.relname AS "coveredBy",
        a.indkey::text = b.indkey::text AS duplicate
       FROM pg_index a
       JOIN pg_index b ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid
       JOIN pg_class ca ON ca.oid = a.indexrelid
       JOIN pg_class cb ON cb.oid = b.indexrelid
       JOIN pg_class t ON t.oid = a.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE ${USER_SCHEMAS} AND ca.relam = cb.relam
        AND a.indpred IS NULL AND b.indpred IS NULL AND a.indexprs IS NULL AND b.indexprs IS NULL
        AND NOT a.indisprimary AND NOT a.indisunique AND a.indisvalid AND b.indisvalid
        AND (' ' || b.indkey::text || ' ') LIKE (' ' || a.indkey::text || ' %')
        AND (' ' || b.indoption::text || ' ') LIKE (' ' || a.indoption::text || ' %')
        AND (' ' || b.indclass::text || ' ') LIKE (' ' || a.indclass::text || ' %')
        -- of two identical plain indexes, report one
        AND (a.indkey::text <> b.indkey::text OR b.indisunique OR b.indisprimary OR a.indexrelid > b.indexrelid)
      ORDER BY 1, 2, 3`,
    [],
    db,
  );
  // An index covered by several others is reported once.
  const seen = new Set<string>();
  return rows
    .filter((row) => !(`${row.schema}.${row.index}` in KEPT_ON_PURPOSE))
    .filter((row) => !seen.has(`${row.schema}.${row.index}`) && seen.add(`${row.schema}.${row.index}`))
    .map((row) => ({
      kind: row.duplicate ? "duplicate" : "redundant",
      table: shown(row.schema, row.table),
      detail: row.duplicate
        ? `${row.index} indexes the same columns as ${row.coveredBy}`
        : `${row.index} is the leading part of ${row.coveredBy}`,
      fix: `DROP INDEX CONCURRENTLY ${qualified(row.schema, row.index)};`,
    }));
}

async function invalidIndexes(db?: SqlTarget): Promise<Finding[]> {
  const rows = await sql<{ schema: string; table: string; index: string }>(
    "SchemaChecks.invalidIndexes",
    `SELECT n.nspname AS schema, t.relname AS "table", c.relname AS index
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_SCHEMAS} AND NOT i.indisvalid ORDER BY 1, 2, 3`,
    [],
    db,
  );
  return rows.map((row) => ({
    kind: "invalid",
    table: shown(row.schema, row.table),
    detail: `${row.index} is invalid (a CREATE INDEX CONCURRENTLY failed or was cancelled): it costs writes and serves no reads`,
    fix: `REINDEX INDEX CONCURRENTLY ${qualified(row.schema, row.index)};`,
  }));
}

async function unindexedForeignKeys(db?: SqlTarget): Promise<Finding[]> {
  const rows = await sql<{
    schema: string;
    table: string;
    constraint: string;
    columns: string[];
    partitioned: boolean;
  }>(
    "SchemaChecks.unindexedForeignKeys",
    `SELECT n.nspname AS schema, t.relname AS "table", c.conname AS "constraint", t.relkind = 'p' AS partitioned,
        array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'f' AND c.conparentid = 0 AND ${USER_SCHEMAS}
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
           WHERE i.indrelid = c.conrelid AND i.indpred IS NULL
             AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey)
      GROUP BY n.nspname, t.relname, c.conname, t.relkind ORDER BY 1, 2, 3`,
    [],
    db,
  );
  return rows.map((row) => {
    const columns = row.columns.map(quoteIdent).join(", ");
    return {
      kind: "fk-unindexed",
      table: shown(row.schema, row.table),
      detail: `foreign key ${row.constraint} (${row.columns.join(", ")}) has no index: deleting or updating a referenced row scans this table`,
      // CONCURRENTLY is not available on a partitioned table: its index is built partition by partition.
      fix: `CREATE INDEX ${row.partitioned ? "" : "CONCURRENTLY "}ON ${qualified(row.schema, row.table)} (${columns});`,
    };
  });
}

async function tablesWithoutPrimaryKey(db?: SqlTarget): Promise<Finding[]> {
  const rows = await sql<{ schema: string; table: string }>(
    "SchemaChecks.noPrimaryKey",
    `SELECT n.nspname AS schema, c.relname AS "table"
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${USER_SCHEMAS}
        AND NOT EXISTS (SELECT 1 FROM pg_constraint p WHERE p.conrelid = c.oid AND p.contype = 'p')
      ORDER BY 1, 2`,
    [],
    db,
  );
  return rows.map((row) => ({
    kind: "no-primary-key",
    table: shown(row.schema, row.table),
    detail: "no primary key: rows cannot be told apart safely, and logical replication cannot update or delete them",
    fix: `ALTER TABLE ${qualified(row.schema, row.table)} ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY; -- or make an existing unique, non-null column the key`,
  }));
}

export async function schemaChecks(db?: SqlTarget): Promise<Finding[]> {
  // One after the other: `db` may be a single connection.
  const found: Finding[] = [];
  for (const check of [redundantIndexes, invalidIndexes, unindexedForeignKeys, tablesWithoutPrimaryKey])
    found.push(...(await check(db)));
  return found;
}
