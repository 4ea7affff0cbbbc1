// Adopting a database that already exists (created by an earlier version of
// LegendAI's tools, say): it has the tables but no migration history. Baselining builds the
// migrations one by one in a scratch "shadow" database, finds the longest run
// of them whose schema equals the live one, and records exactly those as
// applied, as `prisma migrate resolve --applied` writes them. The rest are
// then applied by db:migrate as usual (index builds online). If no run of
// migrations matches, nothing is changed and the differences are reported.
import { randomUUID } from "node:crypto";
import { withPgClient } from "@/lib/db/pg-client";
import { diffCatalogs, readCatalog, type Catalog } from "@/lib/db/migrations/catalog";
import { DEFAULT_MIGRATIONS_DIR, readMigrations, type MigrationFile } from "@/lib/db/migrations/files";
import { CREATE_TABLE, readRows, withLock } from "@/lib/db/migrations/runner";
import { replay, withShadow } from "@/lib/db/migrations/shadow";

export type BaselineResult = { baselined: string[]; differences: string[] };

/** The catalog after each migration, built in a shadow database. */
const catalogsAfterEach = (connectionString: string, files: MigrationFile[]): Promise<Catalog[]> =>
  withShadow(
    connectionString,
    async (client) => {
      const catalogs: Catalog[] = [];
      for (const file of files) {
        await replay(client, file);
        catalogs.push(await readCatalog(client));
      }
      return catalogs;
    },
    "legendai-baseline",
  );

export async function baseline(options: { connectionString: string; dir?: string }): Promise<BaselineResult> {
  const files = await readMigrations(options.dir ?? DEFAULT_MIGRATIONS_DIR);
  return withPgClient(
    options.connectionString,
    async (client) => {
      return withLock(client, async () => {
        if ((await readRows(client)).length > 0) {
          throw new Error("this database already has a migration history: run `npm run db:migrate` without --baseline");
        }
        const live = await readCatalog(client);
        const catalogs = await catalogsAfterEach(options.connectionString, files);
        const diffs = catalogs.map((expected) => diffCatalogs(live, expected));
        const matching = diffs
          .map((d, i) => (d.length === 0 ? i : -1))
          .filter((i) => i >= 0)
          .at(-1);
        if (matching === undefined) {
          // Closest run of migrations: the fewest differences (the earliest, when tied).
          const closest = diffs.reduce((best, d, i) => (d.length < diffs[best].length ? i : best), 0);
          return { baselined: [], differences: diffs[closest].map((line) => `${line} (after ${files[closest].name})`) };
        }
        const adopted = files.slice(0, matching + 1);
        await client.query("BEGIN");
        await client.query(CREATE_TABLE);
        for (const file of adopted) {
          // What Prisma's mark_migration_applied writes: started = finished = now, empty logs, 0 steps.
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, logs, started_at, finished_at, migration_name, applied_steps_count)
             VALUES ($1, $2, '', now(), now(), $3, 0)`,
            [randomUUID(), file.checksum, file.name],
          );
        }
        await client.query("COMMIT");
        return { baselined: adopted.map((f) => f.name), differences: [] };
      });
    },
    "legendai-migrate",
  );
}
