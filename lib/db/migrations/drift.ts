// Schema drift: what the live schema has that the applied migrations do not
// make, or lacks, or has otherwise (an index created in psql, a column
// altered, a function added by hand). The migrations' schema is built once
// per set of applied migrations in a shadow database and kept in memory; the
// live one is read from the catalog each time. Only the public schema is
// compared: point-in-time recovery's `recovered` schema and a restore's
// set-aside schemas are not the app's.
import { driftOf, readCatalog, type Catalog, type Drift } from "@/lib/db/migrations/catalog";
import { DEFAULT_MIGRATIONS_DIR, readMigrations, type MigrationFile } from "@/lib/db/migrations/files";
import { pendingMigrations, readRows } from "@/lib/db/migrations/runner";
import { replay, withShadow } from "@/lib/db/migrations/shadow";
import { withPgClient } from "@/lib/db/pg-client";

export type { Drift } from "@/lib/db/migrations/catalog";

const built = new Map<string, Promise<Catalog>>();

/** The schema `files` produce, built once per distinct set of files in this process. */
function migrationsCatalog(connectionString: string, files: MigrationFile[]): Promise<Catalog> {
  const key = files.map((f) => `${f.name}:${f.checksum}`).join("\n");
  if (!built.has(key)) {
    const catalog = withShadow(connectionString, async (client) => {
      for (const file of files) await replay(client, file);
      return readCatalog(client);
    });
    built.set(key, catalog);
    catalog.catch(() => built.delete(key)); // a failed build is tried again next time
  }
  return built.get(key)!;
}

/**
 * The drift of the database at `connectionString` from the migrations it has
 * applied; null when it has no migration history (nothing to compare with).
 */
export async function schemaDrift(connectionString: string, dir = DEFAULT_MIGRATIONS_DIR): Promise<Drift[] | null> {
  const { rows, live } = await withPgClient(
    connectionString,
    async (client) => ({ rows: await readRows(client), live: await readCatalog(client) }),
    "legendai-drift",
  );
  if (!rows.length) return null;
  const files = await readMigrations(dir);
  const pending = new Set(pendingMigrations(files, rows).map((f) => f.name));
  const applied = files.filter((f) => !pending.has(f.name));
  return driftOf(live, await migrationsCatalog(connectionString, applied));
}

/** One drift in a line: what it is and which side has what. */
export function describeDrift(d: Drift): string {
  const what = d.kind === "column" ? `column ${d.name}` : `${d.kind} ${d.name}`;
  if (d.expected === null) return `${what} is in the database but no applied migration makes it: ${d.live}`;
  if (d.live === null) return `${what} is made by the migrations but missing from the database`;
  return `${what} differs: the database has ${d.live}; the migrations make ${d.expected}`;
}
