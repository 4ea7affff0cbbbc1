// A table as it was: its rows read from the scratch cluster and written into
// the live database as recovered.<table>_<yyyymmdd_hhmmss> (never into the
// live table), then compared with the live table by primary key.
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { qualified, quoteIdent, quoteLiteral } from "@/lib/db/identifiers";
import { withPgClient } from "@/lib/db/pg-client";
import { UserFacingError } from "@/lib/errors";

export const RECOVERED_SCHEMA = "recovered";

export type TableShape = { columns: { name: string; type: string }[]; primaryKey: string[] };
export type Comparison = { onlyRecovered: number; onlyLive: number; changed: number; same: number } | null;

export async function tableShape(client: pg.Client, schema: string, table: string): Promise<TableShape | null> {
  const relation = (await client.query(`SELECT to_regclass($1) AS oid`, [qualified(schema, table)])).rows[0].oid;
  if (!relation) return null;
  const columns = await client.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [qualified(schema, table)],
  );
  const key = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [qualified(schema, table)],
  );
  return { columns: columns.rows, primaryKey: key.rows.map((r) => r.name) };
}

/**
 * The number of rows `where` selects, checked as a single statement (the
 * extended protocol refuses two): the condition is then safe to place in the
 * COPY that reads the rows.
 */
export async function countMatching(client: pg.Client, table: string, where: string | null): Promise<number> {
  try {
    const { rows } = await client.query({
      text: `SELECT count(*)::bigint AS n FROM ${qualified("public", table)} WHERE (${where ?? "true"}) AND $1::boolean`,
      values: [true],
    });
    return Number(rows[0].n);
  } catch (error) {
    throw new UserFacingError(`the condition cannot be used: ${(error as Error).message}`);
  }
}

/**
 * Counts the rows going by and passes them on in blocks of about 256 KB: the
 * COPY arrives a row at a time, and a write per row to the live database
 * would cost more than the rows themselves.
 */
const BLOCK_BYTES = 256 * 1024;
const rowCounter = (onRows: (rows: number) => void) => {
  let rows = 0;
  let pending: Buffer[] = [];
  let size = 0;
  const release = (stream: Transform) => {
    stream.push(Buffer.concat(pending, size));
    pending = [];
    size = 0;
    onRows(rows);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      // One row per line in COPY's text format (newlines inside values are escaped).
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1;
      pending.push(chunk);
      size += chunk.length;
      if (size >= BLOCK_BYTES) release(this);
      callback();
    },
    flush(callback) {
      if (size) release(this);
      callback();
    },
  });
};

/** `base`, or base_2, base_3… when an earlier recovery to the same second holds that name. */
async function freeName(live: pg.Client, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : `_${n}`;
    const name = base.slice(0, 63 - suffix.length) + suffix;
    const taken = (await live.query(`SELECT to_regclass($1) AS oid`, [qualified(RECOVERED_SCHEMA, name)])).rows[0].oid;
    if (!taken) return name;
  }
}

/**
 * Creates recovered.<name> (or name_2… when taken) with the table's columns
 * and primary key, copies the rows into it, and returns the name used.
 */
export async function copyIntoLive(p: {
  scratch: pg.Client;
  liveUrl: string;
  table: string;
  recoveredName: string;
  shape: TableShape;
  where: string | null;
  note: string;
  onRows: (rows: number) => void;
}): Promise<string> {
  const columns = p.shape.columns.map((c) => quoteIdent(c.name)).join(", ");
  return withPgClient(
    p.liveUrl,
    async (live) => {
      await live.query("BEGIN");
      await live.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(RECOVERED_SCHEMA)}`);
      const name = await freeName(live, p.recoveredName);
      const target = qualified(RECOVERED_SCHEMA, name);
      const definitions = p.shape.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`);
      await live.query(`CREATE TABLE ${target} (${definitions.join(", ")})`);
      await live.query(`COMMENT ON TABLE ${target} IS ${quoteLiteral(p.note)}`);
      const read = p.scratch.query(
        copyTo(`COPY (SELECT ${columns} FROM ${qualified("public", p.table)} WHERE (${p.where ?? "true"})) TO STDOUT`),
      );
      const write = live.query(copyFrom(`COPY ${target} (${columns}) FROM STDIN`));
      await pipeline(read, rowCounter(p.onRows), write);
      await live.query("COMMIT");
      return name;
    },
    "legendai-pitr",
  );
}

/**
 * The copy's primary key, built after its rows (one sorted build, not a
 * million inserts into an index): the comparison with live joins on it.
 * The build also records the row count the dashboard lists; a table without
 * a key is analyzed for that.
 */
export async function keyCopy(liveUrl: string, recoveredName: string, shape: TableShape): Promise<void> {
  const target = qualified(RECOVERED_SCHEMA, recoveredName);
  await withPgClient(
    liveUrl,
    (live) =>
      live.query(
        shape.primaryKey.length
          ? `ALTER TABLE ${target} ADD PRIMARY KEY (${shape.primaryKey.map(quoteIdent).join(", ")})`
          : `ANALYZE ${target}`,
      ),
    "legendai-pitr",
  );
}

/** Rows only in the recovered copy (gone from live), only in live (among those `where` selects), and changed. */
export async function compareWithLive(p: {
  liveUrl: string;
  table: string;
  recoveredName: string;
  shape: TableShape;
  where: string | null;
}): Promise<Comparison> {
  return withPgClient(
    p.liveUrl,
    async (live) => {
      await live.query("BEGIN READ ONLY");
      try {
        const liveShape = await tableShape(live, "public", p.table);
        if (!p.shape.primaryKey.length || !liveShape) return null;
        const common = p.shape.columns.map((c) => c.name).filter((n) => liveShape.columns.some((l) => l.name === n));
        const key = p.shape.primaryKey.map(quoteIdent);
        const same = key.map((k) => `l.${k} = r.${k}`).join(" AND ");
        const row = (alias: string) => `(${common.map((c) => `${alias}.${quoteIdent(c)}`).join(", ")})`;
        const recovered = qualified(RECOVERED_SCHEMA, p.recoveredName);
        const livePublic = qualified("public", p.table);
        const { rows } = await live.query({
          text: `SELECT
            (SELECT count(*) FROM ${recovered} r WHERE NOT EXISTS (SELECT 1 FROM ${livePublic} l WHERE ${same}))::bigint AS only_recovered,
            (SELECT count(*) FROM ${livePublic} l WHERE (${p.where ?? "true"}) AND NOT EXISTS (SELECT 1 FROM ${recovered} r WHERE ${same}))::bigint AS only_live,
            (SELECT count(*) FROM ${recovered} r JOIN ${livePublic} l ON ${same} WHERE ${row("r")} IS DISTINCT FROM ${row("l")})::bigint AS changed,
            (SELECT count(*) FROM ${recovered} r JOIN ${livePublic} l ON ${same} WHERE ${row("r")} IS NOT DISTINCT FROM ${row("l")})::bigint AS same
          WHERE $1::boolean`,
          values: [true],
        });
        const r = rows[0];
        return {
          onlyRecovered: Number(r.only_recovered),
          onlyLive: Number(r.only_live),
          changed: Number(r.changed),
          same: Number(r.same),
        };
      } finally {
        await live.query("ROLLBACK");
      }
    },
    "legendai-pitr",
  );
}

/** Inserts the recovered rows whose key the live table lacks; live rows are never changed. Returns how many. */
export async function insertMissingRows(liveUrl: string, table: string, recoveredName: string): Promise<number> {
  return withPgClient(
    liveUrl,
    async (live) => {
      const shape = await tableShape(live, RECOVERED_SCHEMA, recoveredName);
      const liveShape = await tableShape(live, "public", table);
      if (!shape || !liveShape)
        throw new UserFacingError(`${RECOVERED_SCHEMA}.${recoveredName} or public.${table} no longer exists`);
      if (!shape.primaryKey.length)
        throw new UserFacingError(`${table} has no primary key: missing rows cannot be told apart`);
      const common = shape.columns.map((c) => c.name).filter((n) => liveShape.columns.some((l) => l.name === n));
      const cols = common.map(quoteIdent).join(", ");
      const same = shape.primaryKey
        .map(quoteIdent)
        .map((k) => `l.${k} = r.${k}`)
        .join(" AND ");
      const result = await live.query(
        `INSERT INTO ${qualified("public", table)} (${cols}) OVERRIDING SYSTEM VALUE
         SELECT ${common.map((c) => `r.${quoteIdent(c)}`).join(", ")} FROM ${qualified(RECOVERED_SCHEMA, recoveredName)} r
          WHERE NOT EXISTS (SELECT 1 FROM ${qualified("public", table)} l WHERE ${same})`,
      );
      return result.rowCount ?? 0;
    },
    "legendai-pitr",
  );
}
