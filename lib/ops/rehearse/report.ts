// A rehearsal's report, kept in migration_rehearsals: what each pending
// migration did on a copy of the data under the app's traffic. Found again
// by the checksums of the pending migrations it rehearsed.
import { createHash } from "node:crypto";
import type { MigrationFile } from "@/lib/db/migrations/files";
import { withPgClient } from "@/lib/db/pg-client";
import type { LockHeld } from "./locks";
import type { PlanChangeReport } from "./families";

export type MigrationReport = {
  name: string;
  duration_ms: number;
  locks: LockHeld[];
  rewritten_tables: string[];
  size_changes: { table: string; before_bytes: number; after_bytes: number }[];
  writer_max_ms: number;
  reader_max_ms: number;
  plan_changes: PlanChangeReport[];
  /** Why the migration failed on the copy (later ones were not tried). */
  error?: string;
};

export type RehearsalReport = {
  backup: string;
  checksums: string;
  started_at: string;
  finished_at: string;
  ok: boolean;
  migrations: MigrationReport[];
};

/** One key for a set of pending migrations: their names and checksums, in order. */
export const rehearsalKey = (pending: Pick<MigrationFile, "name" | "checksum">[]) =>
  createHash("sha256")
    .update(pending.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex");

export async function saveRehearsal(databaseUrl: string, report: RehearsalReport): Promise<void> {
  await withPgClient(databaseUrl, (client) =>
    client.query(
      `INSERT INTO migration_rehearsals (checksums, backup, started_at, finished_at, ok, report)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [report.checksums, report.backup, report.started_at, report.finished_at, report.ok, JSON.stringify(report)],
    ),
  );
}

/** The last rehearsal of exactly these pending migrations (or of any, without a key), or null. */
export async function lastRehearsal(databaseUrl: string, checksums?: string): Promise<RehearsalReport | null> {
  return withPgClient(databaseUrl, async (client) => {
    const exists = await client.query(`SELECT to_regclass('migration_rehearsals') AS t`);
    if (!exists.rows[0].t) return null; // not migrated that far yet
    const { rows } = await client.query<{ report: RehearsalReport }>(
      `SELECT report FROM migration_rehearsals WHERE $1::text IS NULL OR checksums = $1
        ORDER BY finished_at DESC LIMIT 1`,
      [checksums ?? null],
    );
    return rows[0]?.report ?? null;
  });
}
