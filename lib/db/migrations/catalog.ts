// A database's schema as comparable lines (tables, columns with type,
// nullability and default, constraints, indexes, enums, functions, views,
// triggers: what a migration makes, never what an extension brings), and the
// differences between two of them in words an operator can act on.
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
  const { rows: routines } = await client.query<{ name: string; def: string }>(
    `SELECT p.oid::regprocedure::text AS name, pg_get_functiondef(p.oid) AS def
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p') AND NOT EXISTS (${FROM_EXTENSION("p.oid", "pg_proc")})`,
  );
  for (const r of routines) catalog.set(`function ${r.name}`, r.def.trim());
  const { rows: views } = await client.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_viewdef(c.oid) AS def FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'v' AND NOT EXISTS (${FROM_EXTENSION("c.oid", "pg_class")})`,
  );
  for (const v of views) catalog.set(`view ${v.name}`, v.def.trim());
  const { rows: triggers } = await client.query<{ t: string; name: string; def: string }>(
    `SELECT c.relname AS t, g.tgname AS name, pg_get_triggerdef(g.oid) AS def
       FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND NOT g.tgisinternal`,
  );
  for (const g of triggers) catalog.set(`trigger ${g.t}.${g.name}`, g.def);
  return catalog;
}

/** Objects an extension created (pg_stat_statements' views, hypopg's functions) are the extension's, not the schema's. */
const FROM_EXTENSION = (oid: string, catalog: string) =>
  `SELECT 1 FROM pg_depend d WHERE d.objid = ${oid} AND d.classid = '${catalog}'::regclass AND d.deptype = 'e'`;

export type DriftKind = "table" | "column" | "constraint" | "index" | "enum" | "function" | "view" | "trigger";

export type Drift = {
  /** The catalog's key: "index ix_foo", "pattern_scans.score", "function f(integer)". */
  key: string;
  kind: DriftKind;
  /** The object's name without its kind ("ix_foo", "pattern_scans.score"). */
  name: string;
  /** Its definition in the database (null: the database lacks it). */
  live: string | null;
  /** Its definition as the migrations make it (null: no migration makes it). */
  expected: string | null;
};

const KINDS: DriftKind[] = ["table", "constraint", "index", "enum", "function", "view", "trigger"];

function kindOf(key: string): Pick<Drift, "kind" | "name"> {
  const [first, ...rest] = key.split(" ");
  const kind = KINDS.find((k) => k === first);
  return kind ? { kind, name: rest.join(" ") } : { kind: "column", name: key };
}

/** Every object that differs between the live catalog and the migrations' one, in key order. */
export function driftOf(live: Catalog, expected: Catalog): Drift[] {
  const keys = [...new Set([...live.keys(), ...expected.keys()])].sort();
  return keys
    .filter((key) => live.get(key) !== expected.get(key))
    .map((key) => ({ key, ...kindOf(key), live: live.get(key) ?? null, expected: expected.get(key) ?? null }));
}

/** One line per difference: what the database has, and what the migrations would create. */
export const diffCatalogs = (live: Catalog, expected: Catalog): string[] =>
  driftOf(live, expected).map((d) =>
    d.expected === null
      ? `${d.key}: in the database (${d.live}), not in the migrations`
      : d.live === null
        ? `${d.key}: missing in the database (expected ${d.expected})`
        : `${d.key}: ${d.live} in the database, ${d.expected} expected`,
  );

/** Whether the database has any table of its own (besides the migration history). */
export async function hasUserTables(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query(
    `SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename <> ALL($1) LIMIT 1`,
    [IGNORED_TABLES],
  );
  return rows.length > 0;
}
