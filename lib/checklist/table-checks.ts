// What grows inside tables until it hurts: indexes much bigger than their rows
// need (bloat, estimated as PgHero does), and integer columns that no sequence
// feeds (the sequence check watches those) whose values near the type's limit.
// Both read the catalog and the planner's statistics, never the tables.
import { sql, type SqlTarget } from "@/lib/db/sql";
import type { IncidentSettings } from "@/lib/incidents/settings";
import { indexBloat } from "@/lib/monitoring/maintenance";
import { findingsOf, PG_DOCS, type CheckFinding } from "./check";

/** Below this an index's waste is not worth a rebuild, whatever its share. */
const BLOAT_MIN_BYTES = 8 * 1024 * 1024;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

async function bloatedIndexes(s: IncidentSettings, db?: SqlTarget): Promise<CheckFinding[]> {
  const check = { id: "index_bloat", title: "An index is bloated", docs: `${PG_DOCS}routine-reindex.html` };
  const bloated = (await indexBloat(db, BLOAT_MIN_BYTES)).filter(
    (b) => (b.wastedBytes / b.indexBytes) * 100 >= s.bloatMinPercent,
  );
  return findingsOf(
    check,
    bloated.map((b) => ({
      status: "warning",
      subject: b.index,
      summary: `${b.index} on ${b.table} is ${mb(b.indexBytes)}, about ${mb(b.wastedBytes)} (${Math.round((b.wastedBytes / b.indexBytes) * 100)}%) more than its rows need (an estimate from the statistics)`,
      fix: b.fix,
    })),
    `no index wasting ${s.bloatMinPercent}% and ${mb(BLOAT_MIN_BYTES)} or more`,
  );
}

async function integerColumns(s: IncidentSettings, db?: SqlTarget): Promise<CheckFinding[]> {
  const check = {
    id: "integer_column_high",
    title: "An integer column nears its type's limit",
    docs: `${PG_DOCS}datatype-numeric.html#DATATYPE-INT`,
  };
  // The largest magnitude the last ANALYZE saw (histogram bounds and most common values) against the type's limit.
  const rows = await sql<{ table: string; column: string; type: string; largest: number; limit: number }>(
    "Checklist.integerColumns",
    `SELECT c.oid::regclass::text AS "table", a.attname AS "column", format_type(a.atttypid, NULL) AS type,
            greatest((SELECT max(abs(v::numeric)) FROM unnest(s.histogram_bounds::text::text[]) v),
                     (SELECT max(abs(v::numeric)) FROM unnest(s.most_common_vals::text::text[]) v))::float8 AS largest,
            CASE a.atttypid WHEN 'int2'::regtype THEN 32767 ELSE 2147483647 END::float8 AS "limit"
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.atttypid IN ('int2'::regtype, 'int4'::regtype) AND a.attnum > 0 AND NOT a.attisdropped
        AND a.attidentity = '' AND coalesce(pg_get_expr(d.adbin, d.adrelid), '') NOT LIKE 'nextval(%'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
    [],
    db,
  );
  return findingsOf(
    check,
    rows
      .filter((r) => r.largest !== null && (r.largest / r.limit) * 100 >= s.sequenceMaxPercent)
      .map((r) => ({
        status: "problem",
        subject: `${r.table}.${r.column}`,
        summary: `${r.table}.${r.column} (${r.type}) holds values up to about ${r.largest.toLocaleString("en-US")}, ${Math.round((r.largest / r.limit) * 100)}% of its limit ${r.limit.toLocaleString("en-US")} (the last ANALYZE's sample): writes beyond it fail`,
        fix: `ALTER TABLE ${r.table} ALTER COLUMN ${r.column} TYPE bigint; (rewrites the table: as a migration, in a quiet hour)`,
      })),
    `every integer column no sequence feeds under ${s.sequenceMaxPercent}% of its type's limit (as the statistics saw it)`,
  );
}

export const tableChecks = (s: IncidentSettings, db?: SqlTarget): [string, Promise<CheckFinding[]>][] => [
  ["index bloat", bloatedIndexes(s, db)],
  ["integer columns", integerColumns(s, db)],
];
