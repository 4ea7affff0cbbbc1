// Migration status for the dashboard: the foundation's runner, summarised.
import { env } from "@/lib/env";
import { migrationStatus, type MigrationState } from "@/lib/db/migrations/status";

export type MigrationOverview = {
  current: string | null;
  head: string | null;
  upToDate: boolean;
  applied: MigrationState[];
  pending: MigrationState[];
  failed: MigrationState[];
  /** Applied, but migration.sql changed since (or is gone). */
  changed: MigrationState[];
};

export async function migrationOverview(connectionString = env().DATABASE_URL): Promise<MigrationOverview> {
  const report = await migrationStatus({ connectionString });
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
  };
}
