// A database's schema as comparable lines (tables, columns with type,
// nullability and default, constraints, indexes, enums), and the differences
// between two of them in words an operator can act on.
import type pg from "pg";

export type Catalog = Map<string, string>;

const IGNORED_TABLES = ["_prisma_migrations"];

/** Every object of the `public` schema, keyed by what it is, valued by how it is defined. */
export async function readCatalog(client: pg.ClientBase): Promise<Catalog> {
  const catalog: Catalog = new Map();
  const { rows: columns } = await client.query<{
    t: string;
    c: string;
    type: string;
    nullable: boolean;
    def: string | null;
  }>(
    `SELECT c.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
            pg_get_expr(d.adbin, d.adrelid) AS def
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  for (const col of columns) {
    if (IGNORED_TABLES.includes(col.t)) continue;
    catalog.set(`table ${col.t}`, "exists");
    catalog.set(
      `${col.t}.${col.c}`,
      `${col.type}${col.nullable ? "" : " not null"}${col.def ? ` default ${col.def}` : ""}`,
    );
  }
  const { rows: constraints } = await client.query<{ t: string; name: string; def: string }>(
    `SELECT c.relname AS t, k.conname AS name, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public'`,
  );
  for (const k of constraints) if (!IGNORED_TABLES.includes(k.t)) catalog.set(`constraint ${k.t}.${k.name}`, k.def);
  const { rows: indexes } = await client.query<{ t: string; name: string; def: string }>(
    `SELECT tablename AS t, indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public'`,
  );
  for (const i of indexes) if (!IGNORED_TABLES.includes(i.t)) catalog.set(`index ${i.name}`, i.def);
  const { rows: enums } = await client.query<{ name: string; labels: string }>(
    `SELECT t.typname AS name, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`,
  );
  for (const e of enums) catalog.set(`enum ${e.name}`, e.labels);
  return catalog;
}

/** One line per difference: what the database has, and what the migrations would create. */
export function diffCatalogs(live: Catalog, expected: Catalog): string[] {
  const lines: string[] = [];
  for (const [key, want] of expected) {
    const have = live.get(key);
    if (have === undefined) lines.push(`${key}: missing in the database (expected ${want})`);
    else if (have !== want) lines.push(`${key}: ${have} in the database, ${want} expected`);
  }
  for (const [key, have] of live)
    if (!expected.has(key)) lines.push(`${key}: in the database (${have}), not in the migrations`);
  return lines.sort();
}

/** Whether the database has any table of its own (besides the migration history). */
export async function hasUserTables(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query(
    `SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename <> ALL($1) LIMIT 1`,
    [IGNORED_TABLES],
  );
  return rows.length > 0;
}
