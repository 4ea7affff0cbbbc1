import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  migrate,
  MigrationBlockedError,
  MigrationFailedError,
  resolveRolledBack,
  rollback,
} from "@/lib/db/migrations/runner";
import { migrationStatus } from "@/lib/db/migrations/status";
import { createMigration } from "@/lib/db/migrations/files";
import { createScratchDb, type ScratchDb } from "@/test/scratch-db";
import { query as queryDb } from "@/test/sql";

const REAL_DIR = path.resolve("prisma/migrations");
let db: ScratchDb;
let dir: string;

const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => queryDb<T>(db.url, sql, params);

const tables = async () =>
  (await query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map(
    (r) => r.tablename,
  );
const indexExists = async (name: string) =>
  (await query(`SELECT 1 FROM pg_indexes WHERE indexname = $1`, [name])).length === 1;

async function addMigration(name: string, sql: string, down = "SELECT 1;") {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, "migration.sql"), sql);
  await writeFile(path.join(dir, name, "down.sql"), down);
}

const ALL = [
  "20261126120000_init",
  "20261126120100_query_indexes",
  "20261127100000_sign_in_throttles",
  "20261127120000_monitoring",
  "20261130120000_monitor_checks",
  "20261130140000_sessions",
  "20261201100000_waits_plans_rehearsals",
  "20261201100100_alert_ticker_index",
  "20261201120000_scan_score_index",
];

beforeEach(async () => {
  db = await createScratchDb("migrations");
  dir = await mkdtemp(path.join(tmpdir(), "legendai-migrations-"));
  await cp(REAL_DIR, dir, { recursive: true });
});

afterEach(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("migration runner", () => {
  it("migrates an empty database, rolls back one, and migrates again", async () => {
    const first = await migrate({ connectionString: db.url, dir });
    expect(first.applied).toEqual(ALL);
    expect(await tables()).toEqual(
      [
        "_prisma_migrations",
        "alert_incidents",
        "alert_logs",
        "app_settings",
        "audit_logs",
        "migration_rehearsals",
        "monitor_checks",
        "monitor_ticks",
        "pattern_scans",
        "query_plan_latency",
        "query_plans",
        "relation_snapshots",
        "scan_logs",
        "sessions",
        "sign_in_throttles",
        "statement_snapshots",
        "tickers",
        "users",
        "wait_sample_minutes",
        "wait_samples",
        "watchlists",
      ].sort(),
    );
    expect(await indexExists("ix_pattern_scans_scanned_at")).toBe(true);

    expect(await rollback({ connectionString: db.url, dir })).toEqual({
      rolledBack: "20261201120000_scan_score_index",
    });
    expect(await indexExists("ix_pattern_scans_score")).toBe(false);
    expect(await rollback({ connectionString: db.url, dir })).toEqual({
      rolledBack: "20261201100100_alert_ticker_index",
    });
    expect(await indexExists("ix_alert_logs_ticker_sent_at")).toBe(false);
    expect(await rollback({ connectionString: db.url, dir })).toEqual({
      rolledBack: "20261201100000_waits_plans_rehearsals",
    });
    expect(await tables()).not.toContain("wait_samples");
    expect(await rollback({ connectionString: db.url, dir })).toEqual({ rolledBack: "20261130140000_sessions" });
    expect(await tables()).not.toContain("sessions");
    expect(await rollback({ connectionString: db.url, dir })).toEqual({ rolledBack: "20261130120000_monitor_checks" });
    expect(await tables()).not.toContain("monitor_checks");
    expect(await rollback({ connectionString: db.url, dir })).toEqual({ rolledBack: "20261127120000_monitoring" });
    expect(await tables()).not.toContain("alert_incidents");
    expect(await rollback({ connectionString: db.url, dir })).toEqual({
      rolledBack: "20261127100000_sign_in_throttles",
    });
    expect(await tables()).not.toContain("sign_in_throttles");
    expect(await rollback({ connectionString: db.url, dir })).toEqual({ rolledBack: "20261126120100_query_indexes" });
    expect(await indexExists("ix_pattern_scans_scanned_at")).toBe(false);
    expect(await tables()).toContain("pattern_scans");
    const afterRollback = await migrationStatus({ connectionString: db.url, dir });
    expect(afterRollback.migrations.map((m) => m.status)).toEqual([
      "applied",
      "rolled_back",
      "rolled_back",
      "rolled_back",
      "rolled_back",
      "rolled_back",
      "rolled_back",
      "rolled_back",
      "rolled_back",
    ]);
    expect(afterRollback.current).toBe("20261126120000_init");

    const again = await migrate({ connectionString: db.url, dir });
    expect(again.applied).toEqual(ALL.slice(1));
    expect(await indexExists("ix_pattern_scans_scanned_at")).toBe(true);
    // Prisma keeps the rolled-back rows and adds new ones.
    expect(await query(`SELECT 1 FROM _prisma_migrations`)).toHaveLength(2 * ALL.length - 1);

    expect(await migrate({ connectionString: db.url, dir })).toEqual({ applied: [] });
    for (let i = 0; i < ALL.length; i++) await rollback({ connectionString: db.url, dir });
    expect(await tables()).toEqual(["_prisma_migrations"]);
    expect(await rollback({ connectionString: db.url, dir })).toEqual({ rolledBack: null });
  });

  it("applies a migration made from an index suggestion (db:migration:new --up --down) online, and rolls it back", async () => {
    await migrate({ connectionString: db.url, dir });
    const folder = await createMigration("add_ix_scans_ticker_score", dir, new Date("2099-01-01T00:00:00Z"), {
      up: 'CREATE INDEX CONCURRENTLY "ix_scans_ticker_score" ON "pattern_scans" ("ticker", "score");',
      down: 'DROP INDEX CONCURRENTLY IF EXISTS "ix_scans_ticker_score";',
    });
    expect(await readFile(path.join(folder, "migration.sql"), "utf8")).toContain('"ix_scans_ticker_score"');
    expect((await migrate({ connectionString: db.url, dir })).applied).toEqual([
      expect.stringMatching(/_add_ix_scans_ticker_score$/),
    ]);
    expect(await indexExists("ix_scans_ticker_score")).toBe(true);
    await rollback({ connectionString: db.url, dir });
    expect(await indexExists("ix_scans_ticker_score")).toBe(false);
  });

  it("writes rows exactly as Prisma does", async () => {
    await migrate({ connectionString: db.url, dir });
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable}`)).toEqual([
      "id character varying NO",
      "checksum character varying NO",
      "finished_at timestamp with time zone YES",
      "migration_name character varying NO",
      "logs text YES",
      "rolled_back_at timestamp with time zone YES",
      "started_at timestamp with time zone NO",
      "applied_steps_count integer NO",
    ]);
    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      logs: string | null;
      finished_at: Date;
      applied_steps_count: number;
    }>(`SELECT * FROM _prisma_migrations ORDER BY migration_name`);
    for (const row of rows) {
      const sql = await readFile(path.join(dir, row.migration_name, "migration.sql"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.logs).toBeNull();
    }
  });

  it("records a failed migration, applies none of it, and refuses to continue until resolved", async () => {
    await migrate({ connectionString: db.url, dir });
    await addMigration("20991231000000_broken", `CREATE TABLE half_done (x int);\nSELECT * FROM no_such_table;\n`);
    await addMigration("20991231000100_after", `CREATE TABLE after_broken (x int);\n`);

    await expect(migrate({ connectionString: db.url, dir })).rejects.toThrow(MigrationFailedError);
    const [row] = await query<{ logs: string; finished_at: Date | null }>(
      `SELECT logs, finished_at FROM _prisma_migrations WHERE migration_name = '20991231000000_broken'`,
    );
    expect(row.finished_at).toBeNull();
    expect(row.logs).toContain('relation "no_such_table" does not exist');
    expect(await tables()).not.toContain("half_done"); // one implicit transaction: nothing half-applied

    const blocked = migrate({ connectionString: db.url, dir });
    await expect(blocked).rejects.toThrow(MigrationBlockedError);
    await expect(blocked).rejects.toThrow(
      /20991231000000_broken .*failed.*--resolve-rolled-back 20991231000000_broken/s,
    );
    await expect(rollback({ connectionString: db.url, dir })).rejects.toThrow(MigrationBlockedError);
    expect(await tables()).not.toContain("after_broken");
    expect((await migrationStatus({ connectionString: db.url, dir })).counts).toMatchObject({ failed: 1, pending: 1 });

    await writeFile(path.join(dir, "20991231000000_broken", "migration.sql"), `CREATE TABLE half_done (x int);\n`);
    await resolveRolledBack({ connectionString: db.url, dir }, "20991231000000_broken");
    expect((await migrate({ connectionString: db.url, dir })).applied).toEqual([
      "20991231000000_broken",
      "20991231000100_after",
    ]);
    expect(await tables()).toEqual(expect.arrayContaining(["half_done", "after_broken"]));
  });

  it("lets two runners started at once apply each migration exactly once", async () => {
    await addMigration("20991231000000_slow", `SELECT pg_sleep(0.4);\nCREATE TABLE slow_one (x int);\n`);
    const results = await Promise.all([
      migrate({ connectionString: db.url, dir }),
      migrate({ connectionString: db.url, dir }),
    ]);
    const applied = results.flatMap((r) => r.applied).sort();
    expect(applied).toEqual([...ALL, "20991231000000_slow"]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, ALL.length + 1]);
    expect(await query(`SELECT 1 FROM _prisma_migrations`)).toHaveLength(ALL.length + 1);
  });

  it("reports a migration whose file changed after it was applied", async () => {
    await migrate({ connectionString: db.url, dir });
    await writeFile(path.join(dir, "20261126120100_query_indexes", "migration.sql"), "-- edited\n");
    const report = await migrationStatus({ connectionString: db.url, dir });
    expect(report.migrations.map((m) => [m.name, m.checksumMatches])).toEqual([
      ["20261126120000_init", true],
      ["20261126120100_query_indexes", false],
      ["20261127100000_sign_in_throttles", true],
      ["20261127120000_monitoring", true],
      ["20261130120000_monitor_checks", true],
      ["20261130140000_sessions", true],
      ["20261201100000_waits_plans_rehearsals", true],
      ["20261201100100_alert_ticker_index", true],
      ["20261201120000_scan_score_index", true],
    ]);
  });

  it("prints db:status --json as the documented array", async () => {
    await migrate({ connectionString: db.url, dir: REAL_DIR });
    const { stdout } = await promisify(execFile)("npx", ["tsx", "ops/cli/db-status.ts", "--json"], {
      env: { ...process.env, DATABASE_URL: db.url }, // eslint-disable-line no-restricted-properties
    });
    const parsed = JSON.parse(stdout);
    expect(parsed).toHaveLength(ALL.length);
    for (const entry of parsed) {
      expect(Object.keys(entry).sort()).toEqual(["checksumMatches", "finishedAt", "name", "startedAt", "status"]);
      expect(entry).toMatchObject({ status: "applied", checksumMatches: true });
      expect(Date.parse(entry.startedAt)).not.toBeNaN();
    }
  });
});
