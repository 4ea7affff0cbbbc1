// Loads test/fixtures/production-like.sql into a database, with two roles of
// its own (an owner and a reader) made for this run and dropped afterwards,
// and reads back everything a restore must give back exactly.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { withPgClient } from "@/lib/db/pg-client";
import { childEnvironment } from "@/lib/ops/pg-tools";
import { readTableStats } from "@/lib/ops/table-stats";
import { withDatabase } from "./local-only";
import { query } from "./sql";

export type FixtureRoles = { owner: string; reader: string; drop: () => Promise<void> };

const admin = (url: string) => withDatabase(url, "postgres");
const childEnv = (url: string) => childEnvironment(url, process.env); // eslint-disable-line no-restricted-properties

export function productionLikeRoles(serverUrl: string): FixtureRoles & { create: () => Promise<void> } {
  const suffix = randomBytes(4).toString("hex");
  const owner = `legendai_fx_owner_${suffix}`;
  const reader = `legendai_fx_reader_${suffix}`;
  return {
    owner,
    reader,
    create: async () => {
      await query(admin(serverUrl), `CREATE ROLE ${owner}`);
      await query(admin(serverUrl), `CREATE ROLE ${reader}`);
    },
    // Roles are the server's, not a database's: a role still owning objects elsewhere is dropped after them.
    drop: async () => {
      for (const role of [owner, reader]) {
        await query(admin(serverUrl), `DROP ROLE IF EXISTS ${role}`).catch(() => {});
      }
    },
  };
}

export function loadProductionLike(url: string, roles: Pick<FixtureRoles, "owner" | "reader">): void {
  execFileSync(
    "psql",
    [
      "-X",
      "-q",
      "-v",
      "ON_ERROR_STOP=1",
      "-v",
      `owner=${roles.owner}`,
      "-v",
      `reader=${roles.reader}`,
      "-f",
      "test/fixtures/production-like.sql",
    ],
    { env: childEnv(url), stdio: ["ignore", "ignore", "pipe"] },
  );
}

/** pg_dump --schema-only without comments, SET lines and psql's per-dump \restrict keys: equal for equal schemas. */
export function schemaOf(url: string): string {
  const dump = execFileSync("pg_dump", ["--schema-only"], {
    env: childEnv(url),
    maxBuffer: 64 * 1024 * 1024,
  }).toString();
  return dump
    .split("\n")
    .filter(
      (line) =>
        line.trim() !== "" && !line.startsWith("--") && !line.startsWith("SET ") && !/^\\(un)?restrict /.test(line),
    )
    .join("\n");
}

/** Every table's rows and checksum, every materialized view's rows, and every sequence's position. */
export async function contentOf(url: string) {
  const tables = await withPgClient(url, readTableStats);
  const views = await query<{ name: string; rows: string }>(
    url,
    `SELECT format('%I.%I', schemaname, matviewname) AS name,
            (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', schemaname, matviewname), false, true, '')))[1]::text AS rows
       FROM pg_matviews ORDER BY 1`,
  );
  const sequences = await query<{ name: string; last_value: string | null }>(
    url,
    `SELECT format('%I.%I', schemaname, sequencename) AS name, last_value::text FROM pg_sequences ORDER BY 1`,
  );
  return { tables, views, sequences };
}
