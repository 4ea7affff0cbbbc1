// What to do about schema drift, as SQL: a migration that adopts the live
// schema into the history (its migration.sql makes on a fresh database what
// was made here by hand, and is a no-op here; its down.sql undoes that), and
// the statements that instead put this database back to what the migrations
// make (the same as the down.sql, index drops online).
import { quoteIdent, quoteLiteral } from "@/lib/db/identifiers";
import type { Drift } from "@/lib/db/migrations/catalog";
import { onlineForm } from "@/lib/db/migrations/online-index";

type Statements = { up: string[]; down: string[] };

/** "pattern_scans.score" → ["pattern_scans", "score"] (a name may hold dots only if quoted: none here do). */
const split = (name: string) => {
  const at = name.indexOf(".");
  return [name.slice(0, at), name.slice(at + 1)] as const;
};

/** A column's catalog line ("integer not null default 0") as its parts. */
function columnParts(def: string) {
  const match = /^(.*?)( not null)?(?: default (.*))?$/.exec(def)!;
  return { type: match[1], notNull: Boolean(match[2]), default: match[3] ?? null };
}

function create(d: Drift, def: string, all: Drift[]): string | null {
  switch (d.kind) {
    case "table": {
      const side = def === d.live ? "live" : "expected";
      const columns = all
        .filter((c) => c.kind === "column" && split(c.name)[0] === d.name && c[side] !== null)
        .map((c) => `  ${quoteIdent(split(c.name)[1])} ${c[side]}`);
      return `CREATE TABLE IF NOT EXISTS ${quoteIdent(d.name)} (\n${columns.join(",\n")}\n)`;
    }
    case "column": {
      const [table, column] = split(d.name);
      if (tableDrifts(all, table)) return null; // made with its table
      return `ALTER TABLE IF EXISTS ${quoteIdent(table)} ADD COLUMN IF NOT EXISTS ${quoteIdent(column)} ${def}`;
    }
    case "constraint": {
      const [table, name] = split(d.name);
      return `ALTER TABLE IF EXISTS ${quoteIdent(table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}, ADD CONSTRAINT ${quoteIdent(name)} ${def}`;
    }
    case "index":
      return def.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX IF NOT EXISTS ");
    case "enum": {
      const labels = def.split(", ").map(quoteLiteral);
      return `DO $$ BEGIN CREATE TYPE ${quoteIdent(d.name)} AS ENUM (${labels.join(", ")}); EXCEPTION WHEN duplicate_object THEN NULL; END $$`;
    }
    case "function":
      return def; // pg_get_functiondef: CREATE OR REPLACE FUNCTION …
    case "view":
      return `CREATE OR REPLACE VIEW ${quoteIdent(d.name)} AS\n${def.replace(/;$/, "")}`;
    case "trigger":
      return def.replace(/^CREATE TRIGGER/, "CREATE OR REPLACE TRIGGER");
  }
}

function drop(d: Drift, all: Drift[]): string | null {
  switch (d.kind) {
    case "table":
      return `DROP TABLE IF EXISTS ${quoteIdent(d.name)}`;
    case "column": {
      const [table, column] = split(d.name);
      if (tableDrifts(all, table)) return null; // goes with its table
      return `ALTER TABLE IF EXISTS ${quoteIdent(table)} DROP COLUMN IF EXISTS ${quoteIdent(column)}`;
    }
    case "constraint": {
      const [table, name] = split(d.name);
      return `ALTER TABLE IF EXISTS ${quoteIdent(table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`;
    }
    case "index":
      return `DROP INDEX IF EXISTS ${quoteIdent(d.name)}`;
    case "enum":
      return `DROP TYPE IF EXISTS ${quoteIdent(d.name)}`;
    case "function":
      return `DROP ROUTINE IF EXISTS ${d.name}`; // regprocedure's text: quoted where needed, with its argument types
    case "view":
      return `DROP VIEW IF EXISTS ${quoteIdent(d.name)}`;
    case "trigger": {
      const [table, name] = split(d.name);
      return `DROP TRIGGER IF EXISTS ${quoteIdent(name)} ON ${quoteIdent(table)}`;
    }
  }
}

/** From one definition to another in place, where a drop and a create would lose data. */
function change(d: Drift, from: string, to: string, all: Drift[]): string[] {
  if (d.kind === "column") {
    const [table, column] = split(d.name).map(quoteIdent);
    const [a, b] = [columnParts(from), columnParts(to)];
    const alter = (clause: string) => `ALTER TABLE ${table} ALTER COLUMN ${column} ${clause}`;
    return [
      ...(a.type !== b.type ? [alter(`TYPE ${b.type} USING ${column}::${b.type}`)] : []),
      ...(a.notNull !== b.notNull ? [alter(b.notNull ? "SET NOT NULL" : "DROP NOT NULL")] : []),
      ...(a.default !== b.default ? [alter(b.default === null ? "DROP DEFAULT" : `SET DEFAULT ${b.default}`)] : []),
    ];
  }
  if (d.kind === "enum") {
    const had = new Set(from.split(", "));
    const labels = to.split(", ");
    return [
      ...labels
        .filter((l) => !had.has(l))
        .map((l) => `ALTER TYPE ${quoteIdent(d.name)} ADD VALUE IF NOT EXISTS ${quoteLiteral(l)}`),
      ...[...had]
        .filter((l) => !labels.includes(l))
        .map((l) => `-- the label '${l}' of ${d.name} cannot be removed in place`),
    ];
  }
  if (d.kind === "index" || d.kind === "view") return [drop(d, all)!, create(d, to, all)!];
  return [create(d, to, all)!];
}

const tableDrifts = (all: Drift[], table: string) =>
  all.some((d) => d.kind === "table" && d.name === table && (d.live === null || d.expected === null));

/** One object's statements: up makes the live definition, down the migrations' one. */
function statementsFor(d: Drift, all: Drift[]): Statements {
  const make = (def: string | null, other: string | null) =>
    def === null ? [drop(d, all)] : other === null ? [create(d, def, all)] : change(d, other, def, all);
  const clean = (list: (string | null)[]) => list.filter((s): s is string => s !== null);
  return { up: clean(make(d.live, d.expected)), down: clean(make(d.expected, d.live)) };
}

/** The order objects are made in: types and tables before what hangs on them. */
const ORDER: Drift["kind"][] = ["enum", "table", "column", "constraint", "index", "function", "view", "trigger"];

/** The migration that adopts `drifts` into the history (`all`: every drift found, for context): migration.sql and its down.sql. */
export function adoptingMigration(drifts: Drift[], all = drifts): { up: string; down: string } {
  const sorted = [...drifts].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const parts = sorted.map((d) => statementsFor(d, all));
  const join = (list: string[]) => list.map((s) => `${s};`).join("\n");
  return { up: join(parts.flatMap((p) => p.up)), down: join(parts.reverse().flatMap((p) => p.down)) };
}

/** The statements that put this one object back as the migrations make it. */
export function restoringStatements(d: Drift, all: Drift[] = [d]): string {
  return statementsFor(d, all)
    .down.map((s) => (d.kind === "index" ? onlineForm(s) : s))
    .map((s) => `${s};`)
    .join("\n");
}
