// Drift test: a database built by our hand-written migrations must be exactly
// what prisma/schema.prisma describes — every model, column, enum, index and
// foreign key, and nothing else. The schema is read offline through Prisma's
// DMMF (the wasm build, no schema engine needed).
import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrations/runner";
import { createScratchDb, type ScratchDb } from "@/test/scratch-db";

type Field = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object";
  type: string;
  isRequired: boolean;
  isList: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  nativeType: [string, string[]] | null;
  isUpdatedAt: boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type Model = { name: string; dbName: string | null; fields: Field[] };
type Index = {
  model: string;
  type: "id" | "unique" | "normal";
  dbName?: string;
  fields: { name: string; sortOrder?: "asc" | "desc" }[];
};
type Dmmf = {
  datamodel: {
    models: Model[];
    enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
    indexes: Index[];
  };
};

const SCHEMA = readFileSync("prisma/schema.prisma", "utf8");
const dmmf: Dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: SCHEMA })));
const models = dmmf.datamodel.models;
const table = (m: Model) => m.dbName ?? m.name;
const column = (f: Field) => f.dbName ?? f.name;
const modelByName = new Map(models.map((m) => [m.name, m]));

/** The Postgres type Prisma creates for a field (format_type spelling). */
function expectedType(field: Field): string {
  const enumDef = dmmf.datamodel.enums.find((e) => e.name === field.type);
  if (enumDef) return enumDef.dbName ?? enumDef.name;
  if (field.nativeType) {
    const [name, args] = field.nativeType;
    const native: Record<string, string> = {
      VarChar: `character varying(${args[0]})`,
      Timestamptz: `timestamp(${args[0] ?? 6}) with time zone`,
      Timestamp: `timestamp(${args[0] ?? 6}) without time zone`,
      Text: "text",
      Uuid: "uuid",
    };
    if (!native[name]) throw new Error(`drift test: add a mapping for @db.${name}`);
    return native[name];
  }
  const scalar: Record<string, string> = {
    Int: "integer",
    BigInt: "bigint",
    Float: "double precision",
    String: "text",
    Boolean: "boolean",
    DateTime: "timestamp(3) without time zone",
    Json: "jsonb",
    Decimal: "numeric(65,30)",
    Bytes: "bytea",
  };
  return scalar[field.type];
}

/** Partial-index predicates are not in the DMMF: read them from the schema text by index name. */
function predicateOf(indexName: string): string | null {
  const match = SCHEMA.match(new RegExp(`map: "${indexName}", where: raw\\("([^"]+)"\\)`));
  return match ? normalise(match[1]) : null;
}
const normalise = (sql: string) => sql.replace(/[()\s]/g, "").toLowerCase();

function expectedIndexes(): string[] {
  return dmmf.datamodel.indexes.map((index) => {
    const model = modelByName.get(index.model)!;
    const columns = index.fields.map((f) => {
      const field = model.fields.find((x) => x.name === f.name)!;
      return `${column(field)}${f.sortOrder === "desc" ? " DESC" : ""}`;
    });
    const name =
      index.type === "id" ? `${table(model)}_pkey` : (index.dbName ?? `${table(model)}_${columns.join("_")}_key`);
    const kind = index.type === "normal" ? "INDEX" : "UNIQUE";
    const predicate = predicateOf(name);
    return `${table(model)}.${name} ${kind} (${columns.join(", ")})${predicate ? ` WHERE ${predicate}` : ""}`;
  });
}

function expectedColumns(): string[] {
  return models.flatMap((model) =>
    model.fields
      .filter((f) => f.kind !== "object")
      .map(
        (f) =>
          // Prisma makes a scalar list an array column without NOT NULL
          `${table(model)}.${column(f)} ${expectedType(f)}${f.isList ? "[]" : ""} ${f.isRequired && !f.isList ? "NOT NULL" : "NULL"}${f.hasDefaultValue ? " DEFAULT" : ""}`,
      ),
  );
}

function expectedForeignKeys(): string[] {
  return models.flatMap((model) =>
    model.fields
      .filter((f) => f.kind === "object" && f.relationFromFields?.length)
      .map((f) => {
        const target = modelByName.get(f.type)!;
        const from = f.relationFromFields!.map((n) => column(model.fields.find((x) => x.name === n)!));
        const to = f.relationToFields!.map((n) => column(target.fields.find((x) => x.name === n)!));
        return `${table(model)}(${from.join(", ")}) -> ${table(target)}(${to.join(", ")}) ON DELETE ${(f.relationOnDelete ?? "Restrict").toUpperCase()}`;
      }),
  );
}

let db: ScratchDb;
let client: pg.Client;
const rows = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;

beforeAll(async () => {
  db = await createScratchDb("drift");
  await migrate({ connectionString: db.url });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe("schema.prisma and the migrated database", () => {
  it("have the same tables", async () => {
    const actual = await rows<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    expect(actual.map((r) => r.t).sort()).toEqual(models.map(table).sort());
  });

  it("have the same enums and values", async () => {
    const actual = await rows<{ e: string }>(
      `SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS e
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const expected = dmmf.datamodel.enums.map(
      (e) => `${e.dbName ?? e.name} ${e.values.map((v) => v.dbName ?? v.name).join(",")}`,
    );
    expect(actual.map((r) => r.e).sort()).toEqual(expected.sort());
  });

  it("have the same columns, types, nullability and defaults", async () => {
    const actual = await rows<{ c: string }>(
      `SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
              || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
              || CASE WHEN a.atthasdef THEN ' DEFAULT' ELSE '' END AS c
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
          AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    expect(actual.map((r) => r.c).sort()).toEqual(expectedColumns().sort());
  });

  it("have the same indexes, with column order, sort order, uniqueness and predicates", async () => {
    const actual = await rows<{ i: string }>(
      `SELECT t.relname || '.' || i.relname || CASE WHEN x.indisunique THEN ' UNIQUE' ELSE ' INDEX' END || ' (' ||
              (SELECT string_agg(a.attname || CASE WHEN (x.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END, ', ' ORDER BY k.ord)
                 FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) || ')' ||
              COALESCE(' WHERE ' || pg_get_expr(x.indpred, x.indrelid), '') AS i
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`,
    );
    const normalisedActual = actual.map((r) => r.i.replace(/ WHERE (.*)$/, (_, p: string) => ` WHERE ${normalise(p)}`));
    expect(normalisedActual.sort()).toEqual(expectedIndexes().sort());
  });

  it("have the same foreign keys", async () => {
    const actual = await rows<{ f: string }>(
      `SELECT c.conrelid::regclass::text || '(' || (SELECT string_agg(attname, ', ') FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = ANY (c.conkey))
              || ') -> ' || c.confrelid::regclass::text || '(' || (SELECT string_agg(attname, ', ') FROM pg_attribute WHERE attrelid = c.confrelid AND attnum = ANY (c.confkey))
              || ') ON DELETE ' || CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' WHEN 'n' THEN 'SETNULL' WHEN 'd' THEN 'SETDEFAULT' ELSE 'NOACTION' END AS f
         FROM pg_constraint c WHERE c.contype = 'f'`,
    );
    expect(actual.map((r) => r.f).sort()).toEqual(expectedForeignKeys().sort());
  });
});
