// Applies prisma/migrations the way `prisma migrate deploy` does, writing
// _prisma_migrations exactly as Prisma's schema engine does (docs/architecture.md, "Migrations"), so
// that Prisma's own CLI on a connected machine agrees with us. Adds what
// Prisma lacks: rollback of the last migration through its down.sql.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { withPgClient } from "@/lib/db/pg-client";
import { DEFAULT_MIGRATIONS_DIR, readMigrations, type MigrationFile } from "@/lib/db/migrations/files";
import { maskSecrets } from "@/lib/mask";
import { applyOnline, isIndexOnly } from "@/lib/db/migrations/online-index";
import { hasUserTables } from "@/lib/db/migrations/catalog";

/** Prisma's advisory lock key for migrate commands. */
export const MIGRATION_LOCK_KEY = 72707369;

export const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationRow = {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
};

export type RunnerOptions = {
  connectionString: string;
  dir?: string;
  /** Progress lines ("applying X", "applied X in 12 ms"). */
  onProgress?: (line: string) => void;
};

/** A migration failed earlier; nothing more is applied until it is resolved. */
export class MigrationBlockedError extends Error {
  constructor(
    readonly migration: string,
    startedAt: Date,
    logs: string | null,
  ) {
    super(
      `migration ${migration} (started ${startedAt.toISOString()}) failed` +
        (logs ? `: ${logs.split("\n")[0]}` : "") +
        `. No further migrations will be applied. Repair the database by hand if the migration left anything behind, ` +
        `fix its migration.sql, then run \`npm run db:migrate -- --resolve-rolled-back ${migration}\` ` +
        `(the same as \`prisma migrate resolve --rolled-back ${migration}\`) and migrate again.`,
    );
    this.name = "MigrationBlockedError";
  }
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string,
    reason: string,
    next = "It is recorded as failed; see `npm run db:status`",
  ) {
    super(`migration ${migration} failed: ${reason}. ${next}.`);
    this.name = "MigrationFailedError";
  }
}

export class ExistingSchemaError extends Error {
  constructor() {
    super(
      "this database already has tables but no migration history, so nothing was applied. " +
        "Adopt it with `npm run db:migrate -- --baseline` (after a backup: add --backup-first): it checks that the " +
        "schema is what the migrations create and records them as applied (as `prisma migrate resolve --applied` does)",
    );
    this.name = "ExistingSchemaError";
  }
}

function describe(error: unknown): string {
  const e = error as pg.DatabaseError;
  const parts = [e.message];
  if (e.detail) parts.push(`DETAIL: ${e.detail}`);
  if (e.hint) parts.push(`HINT: ${e.hint}`);
  if (e.position) parts.push(`at character ${e.position}`);
  return maskSecrets(parts.join("\n"));
}

const withClient = <T>(connectionString: string, work: (client: pg.Client) => Promise<T>) =>
  withPgClient(connectionString, work, "legendai-migrate");

/**
 * Runs `work` while holding Prisma's migration lock: a second runner waits here.
 * It waits by asking again every 200 ms rather than in one blocking call: a
 * statement waiting on the lock would hold a snapshot, and a concurrent index
 * build in the first runner waits for every snapshot, so the two would wait
 * for each other.
 */
export async function withLock<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  for (;;) {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [MIGRATION_LOCK_KEY]);
    if (rows[0].ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    return await work();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}

export async function readRows(client: pg.ClientBase): Promise<MigrationRow[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
  if (!exists.rows[0].t) return [];
  const result = await client.query<MigrationRow>(
    `SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return result.rows;
}

/** Prisma: a migration is applied when it has a row that was not rolled back. */
function appliedNames(rows: MigrationRow[]): Set<string> {
  return new Set(rows.filter((r) => r.rolled_back_at === null && r.finished_at !== null).map((r) => r.migration_name));
}

function failedRow(rows: MigrationRow[]): MigrationRow | undefined {
  return rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
}

export function pendingMigrations(files: MigrationFile[], rows: MigrationRow[]): MigrationFile[] {
  const applied = appliedNames(rows);
  return files.filter((f) => !applied.has(f.name));
}

async function applyOne(client: pg.Client, file: MigrationFile, options: RunnerOptions): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
    [id, file.checksum, file.name],
  );
  const online = isIndexOnly(file.sql);
  try {
    if (online) {
      // Index builds run CONCURRENTLY, one at a time, outside a transaction: writers go on.
      await withClient(options.connectionString, (progress) =>
        applyOnline(client, progress, file.sql, (line) => options.onProgress?.(line)),
      );
    } else {
      // No parameters: pg sends the whole file as one simple-protocol query,
      // which Postgres runs as one implicit transaction (all or nothing).
      await client.query(file.sql);
    }
  } catch (error) {
    const reason = describe(error);
    if (online) {
      // Nothing half-built is left (applyOnline dropped it) and every statement is IF NOT EXISTS:
      // the row is marked rolled back, so the next run simply builds again.
      await client.query(`UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1`, [
        id,
        reason,
      ]);
      throw new MigrationFailedError(
        file.name,
        reason.split("\n")[0],
        "no half-built index was left: run db:migrate again",
      );
    }
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, reason]);
    throw new MigrationFailedError(file.name, reason.split("\n")[0]);
  }
  await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [
    id,
  ]);
}

/** `prisma migrate deploy`: applies every pending migration, in order, under the lock. */
export async function migrate(options: RunnerOptions): Promise<{ applied: string[] }> {
  const files = await readMigrations(options.dir ?? DEFAULT_MIGRATIONS_DIR);
  return withClient(options.connectionString, (client) =>
    withLock(client, async () => {
      const rows = await readRows(client);
      // Like Prisma (P3005): a database that has tables but no history is not migrated blindly.
      if (rows.length === 0 && (await hasUserTables(client))) throw new ExistingSchemaError();
      await client.query(CREATE_TABLE);
      const failed = failedRow(rows);
      if (failed) throw new MigrationBlockedError(failed.migration_name, failed.started_at, failed.logs);
      const applied: string[] = [];
      for (const file of pendingMigrations(files, rows)) {
        const started = performance.now();
        options.onProgress?.(`applying ${file.name}`);
        await applyOne(client, file, options);
        options.onProgress?.(`applied ${file.name} in ${Math.round(performance.now() - started)} ms`);
        applied.push(file.name);
      }
      return { applied };
    }),
  );
}

/** Runs the last applied migration's down.sql and marks its row rolled back, in one transaction. */
export async function rollback(options: RunnerOptions): Promise<{ rolledBack: string | null }> {
  const files = await readMigrations(options.dir ?? DEFAULT_MIGRATIONS_DIR);
  return withClient(options.connectionString, (client) =>
    withLock(client, async () => {
      const rows = await readRows(client);
      const failed = failedRow(rows);
      if (failed) throw new MigrationBlockedError(failed.migration_name, failed.started_at, failed.logs);
      const last = rows
        .filter((r) => r.rolled_back_at === null && r.finished_at !== null)
        .sort((a, b) => a.migration_name.localeCompare(b.migration_name))
        .at(-1);
      if (!last) return { rolledBack: null };
      const file = files.find((f) => f.name === last.migration_name);
      if (!file?.downSql) {
        throw new Error(
          `cannot roll back ${last.migration_name}: ${file ? "it has no down.sql" : "its folder is missing"}`,
        );
      }
      options.onProgress?.(`rolling back ${last.migration_name}`);
      if (isIndexOnly(file.downSql)) {
        // Index drops run CONCURRENTLY, outside a transaction, like the builds.
        await withClient(options.connectionString, (progress) =>
          applyOnline(client, progress, file.downSql!, (line) => options.onProgress?.(line)),
        );
        await client.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1`, [last.id]);
        return { rolledBack: last.migration_name };
      }
      await client.query("BEGIN");
      try {
        await client.query(file.downSql);
        await client.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1`, [last.id]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(
          `rolling back ${last.migration_name} failed, nothing was changed: ${describe(error).split("\n")[0]}`,
        );
      }
      return { rolledBack: last.migration_name };
    }),
  );
}

/** `prisma migrate resolve --rolled-back NAME`: unblocks the runner after a failed migration. */
export async function resolveRolledBack(options: RunnerOptions, name: string): Promise<void> {
  await withClient(options.connectionString, (client) =>
    withLock(client, async () => {
      const result = await client.query(
        `UPDATE "_prisma_migrations" SET rolled_back_at = now()
          WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
        [name],
      );
      if (result.rowCount === 0) throw new Error(`${name} is not a failed migration; nothing to resolve`);
    }),
  );
}
