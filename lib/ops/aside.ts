// The previous data of a restore, kept aside inside the database instead of
// dumped to a file before the replay. The restore's own transaction renames
// every schema to legendai_previous_<stamp>_<name> and replays into fresh
// ones, so at the commit the replaced data is as durable as the restored data
// (it is in the same committed transaction). The safety backup is then
// written from those schemas after the commit, as its own step, and they are
// dropped. A process that dies before that leaves them in the database; the
// next restore writes them out first.
import { Transform } from "node:stream";
import type pg from "pg";
import { quoteIdent, quoteLiteral } from "@/lib/db/identifiers";

export const ASIDE_PREFIX = "legendai_previous_";
/** Postgres names are at most 63 bytes: what is left for the original name after the prefix and stamp. */
const NAME_LIMIT = 63;
/** For catalog queries: schemas that are kept-aside data, not the database's own. */
const ASIDE_LIKE = `'legendai\\_previous\\_%'`;

/** For catalog queries: `column` names one of the database's own schemas (not the system's, not kept-aside data). */
export const ownSchema = (column: string) =>
  `${column} NOT IN ('pg_catalog', 'information_schema') AND ${column} NOT LIKE 'pg\\_%' AND ${column} NOT LIKE ${ASIDE_LIKE}`;

export type AsideSchema = { aside: string; original: string };

/** A stamp that sorts by time and is a plain lowercase identifier. */
export const asideStamp = () => Date.now().toString(36);

export const asideName = (stamp: string, original: string) => `${ASIDE_PREFIX}${stamp}_${original}`;

/** The kept-aside schemas in the database, grouped by the restore that set them aside (oldest first). */
export async function asideGroups(client: pg.ClientBase): Promise<AsideSchema[][]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE ${ASIDE_LIKE} ORDER BY 1`,
  );
  const groups = new Map<string, AsideSchema[]>();
  const parts = new RegExp(`^${ASIDE_PREFIX}([0-9a-z]+)_(.+)$`);
  for (const { name } of rows) {
    const match = parts.exec(name);
    if (!match) continue;
    const [, stamp, original] = match;
    groups.set(stamp, [...(groups.get(stamp) ?? []), { aside: name, original }]);
  }
  return [...groups.values()];
}

/**
 * Why the previous data cannot be kept aside in this database (null: it can).
 * An extension in a schema of its own would be renamed with it and then be
 * missing from the replay; one that cannot be moved could not follow `public`.
 */
export async function whyNotAside(client: pg.ClientBase, stamp: string): Promise<string | null> {
  const { rows: extensions } = await client.query<{ name: string; schema: string; relocatable: boolean }>(
    `SELECT e.extname AS name, n.nspname AS schema, e.extrelocatable AS relocatable
       FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE ${ownSchema("n.nspname")}`,
  );
  const stuck = extensions.find((e) => e.schema !== "public" || !e.relocatable);
  if (stuck)
    return `extension ${stuck.name} lives in schema ${stuck.schema}${stuck.relocatable ? "" : " and cannot be moved"}`;
  const { rows: long } = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace
      WHERE ${ownSchema("nspname")} AND octet_length(nspname) > $1`,
    [NAME_LIMIT - Buffer.byteLength(asideName(stamp, ""))],
  );
  return long.length ? `schema ${long[0].name} has too long a name to be renamed aside` : null;
}

/**
 * Run first in the restore's transaction: every schema of the database set
 * aside under `stamp`, a fresh `public` as CREATE DATABASE makes it, and the
 * extensions that lived in the old `public` moved into the new one (the
 * replay's CREATE EXTENSION IF NOT EXISTS then finds them where it expects).
 */
export const setAsideSql = (stamp: string) => `
SET client_min_messages = warning;
DO $$ DECLARE s record; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace
            WHERE ${ownSchema("nspname")} LOOP
    EXECUTE format('ALTER SCHEMA %I RENAME TO %I', s.nspname, ${quoteLiteral(asideName(stamp, ""))} || s.nspname);
  END LOOP;
END $$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
DO $$ DECLARE e record; BEGIN
  FOR e IN SELECT extname FROM pg_extension
            WHERE extnamespace = (SELECT oid FROM pg_namespace WHERE nspname = ${quoteLiteral(asideName(stamp, "public"))}) LOOP
    EXECUTE format('ALTER EXTENSION %I SET SCHEMA public', e.extname);
  END LOOP;
END $$;
RESET client_min_messages;
`;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * One line of pg_dump's output for kept-aside schemas, as if they had their
 * own names again (COPY data never comes here: see renamingStream). Each name
 * is matched as pg_dump writes it: bare when it is a plain identifier, quoted
 * otherwise. `public` exists before any dump is replayed, so it is not created.
 */
export function renameLine(line: string, schemas: AsideSchema[]): string | null {
  let renamed = line;
  for (const { aside, original } of schemas) {
    const quoted = `"${escapeRegExp(aside.replaceAll('"', '""'))}"`;
    const bare = /^[a-z_][a-z0-9_]*$/.test(aside) ? `|(?<![\\w"$])${escapeRegExp(aside)}(?![\\w"$])` : "";
    renamed = renamed.replace(new RegExp(`${quoted}${bare}`, "g"), () => quoteIdent(original));
  }
  return renamed === `CREATE SCHEMA "public";` ? null : renamed;
}

const COPY_END = Buffer.from("\n\\.\n");

/**
 * pg_dump's output with the kept-aside schemas' names given back. Statements
 * go line by line through renameLine; COPY data (nearly all the bytes) is
 * passed on untouched, found by its end marker, so the rows are never
 * rewritten, even one that happens to contain a schema's name.
 */
export function renamingStream(schemas: AsideSchema[]): Transform {
  let pending = Buffer.alloc(0);
  let inCopy = false;
  const statement = (line: string, push: (text: string) => void) => {
    const renamed = renameLine(line, schemas);
    if (renamed !== null) push(`${renamed}\n`);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const buffer = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      for (;;) {
        if (inCopy) {
          // `at` is on the newline that ended the COPY line, so an empty table's marker is found too.
          const end = buffer.indexOf(COPY_END, at);
          if (end === -1) {
            const keep = Math.max(at, buffer.length - (COPY_END.length - 1));
            this.push(buffer.subarray(at, keep));
            at = keep;
            break;
          }
          this.push(buffer.subarray(at, end + COPY_END.length));
          at = end + COPY_END.length;
          inCopy = false;
        } else {
          const newline = buffer.indexOf(10, at);
          if (newline === -1) break;
          const line = buffer.toString("utf8", at, newline);
          if (line.startsWith("COPY ") && line.endsWith("FROM stdin;")) {
            this.push(renameLine(line, schemas)!);
            at = newline;
            inCopy = true;
          } else {
            statement(line, (text) => this.push(text));
            at = newline + 1;
          }
        }
      }
      pending = Buffer.from(buffer.subarray(at));
      callback();
    },
    flush(callback) {
      if (pending.length) {
        if (inCopy) this.push(pending);
        else statement(pending.toString("utf8"), (text) => this.push(text.slice(0, -1)));
      }
      callback();
    },
  });
}
