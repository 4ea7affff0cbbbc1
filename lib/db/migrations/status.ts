// Migration history and the current head: every migration, local or
// recorded, with its state, its times and whether its file changed since it ran.
import type pg from "pg";
import { withPgClient, withPoolClient } from "@/lib/db/pg-client";
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrations/files";
import { readRows, type MigrationRow } from "@/lib/db/migrations/runner";
import { hasUserTables } from "@/lib/db/migrations/catalog";
import { readIndexBuilds, type IndexBuild } from "@/lib/db/migrations/online-index";

export type MigrationState = {
  name: string;
  status: "applied" | "pending" | "failed" | "rolled_back";
  startedAt: string | null;
  finishedAt: string | null;
  /** null while pending; false when migration.sql changed (or vanished) after it ran. */
  checksumMatches: boolean | null;
};

export type MigrationStatusReport = {
  migrations: MigrationState[];
  /** The last applied migration: the database's current head. */
  current: string | null;
  /** The last migration folder: where `db:migrate` would bring the database. */
  head: string | null;
  counts: Record<MigrationState["status"], number>;
  /** Tables but no migration history: a database to adopt with `db:migrate -- --baseline`. */
  existingSchemaWithoutHistory: boolean;
};

function stateOf(row: MigrationRow | undefined): MigrationState["status"] {
  if (!row) return "pending";
  if (row.rolled_back_at) return "rolled_back";
  return row.finished_at ? "applied" : "failed";
}

/**
 * The report for `connectionString` (a connection of its own, as the CLI and
 * a restore use), or over `client` (the dashboard: a pooled connection, no
 * connection set up per page view).
 */
export async function migrationStatus(
  options: { connectionString: string; dir?: string } | { client: pg.ClientBase; dir?: string },
): Promise<MigrationStatusReport> {
  const files = await readMigrations(options.dir ?? DEFAULT_MIGRATIONS_DIR);
  const read = (client: pg.ClientBase) => Promise.all([readRows(client), hasUserTables(client)]);
  const [rows, tables] =
    "client" in options
      ? await read(options.client)
      : await withPgClient(options.connectionString, read, "legendai-migrate");

  // The newest row of each name tells its state (a rolled-back migration is applied again later).
  const latest = new Map<string, MigrationRow>();
  for (const row of rows) latest.set(row.migration_name, row);
  const checksums = new Map(files.map((f) => [f.name, f.checksum]));
  const names = [...new Set([...files.map((f) => f.name), ...latest.keys()])].sort();

  const migrations = names.map((name): MigrationState => {
    const row = latest.get(name);
    return {
      name,
      status: stateOf(row),
      startedAt: row?.started_at.toISOString() ?? null,
      finishedAt: row?.finished_at?.toISOString() ?? null,
      checksumMatches: row ? row.checksum === checksums.get(name) : null,
    };
  });
  const counts = { applied: 0, pending: 0, failed: 0, rolled_back: 0 };
  for (const m of migrations) counts[m.status] += 1;
  return {
    migrations,
    current: migrations.filter((m) => m.status === "applied").at(-1)?.name ?? null,
    head: files.at(-1)?.name ?? null,
    counts,
    existingSchemaWithoutHistory: rows.length === 0 && tables,
  };
}

export type MigrationOverview = {
  current: string | null;
  head: string | null;
  upToDate: boolean;
  applied: MigrationState[];
  pending: MigrationState[];
  failed: MigrationState[];
  /** Applied, but migration.sql changed since (or is gone). */
  changed: MigrationState[];
  /** Tables but no history: adopt with `db:migrate -- --baseline`. */
  existingSchemaWithoutHistory: boolean;
  building: IndexBuild[];
};

/** The dashboard's summary of the configured database's migrations, read on one pooled connection. */
export async function migrationOverview(): Promise<MigrationOverview> {
  const [report, building] = await withPoolClient((client) =>
    Promise.all([migrationStatus({ client }), readIndexBuilds(client)]),
  );
  const by = (status: MigrationState["status"][]) => report.migrations.filter((m) => status.includes(m.status));
  const pending = by(["pending", "rolled_back"]);
  const failed = by(["failed"]);
  return {
    current: report.current,
    head: report.head,
    upToDate: pending.length === 0 && failed.length === 0,
    applied: by(["applied"]),
    pending,
    failed,
    changed: report.migrations.filter((m) => m.checksumMatches === false),
    existingSchemaWithoutHistory: report.existingSchemaWithoutHistory,
    building,
  };
}
