// Adopting an existing LegendAI database (tables and a million scans, no
// history), and building its indexes online: refused without --baseline,
// baselined exactly as Prisma records it, a differing schema reported and left
// alone, and a cancelled concurrent build leaving no INVALID index behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { baseline } from "@/lib/db/migrations/baseline";
import { checksumOf, DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations/files";
import { invalidIndexes } from "@/lib/db/migrations/online-index";
import { ExistingSchemaError, migrate, MigrationFailedError, rollback } from "@/lib/db/migrations/runner";
import { migrationStatus } from "@/lib/db/migrations/status";
import { withPgClient } from "@/lib/db/pg-client";
import { createScratchDb, type ScratchDb } from "@/test/scratch-db";
import { query } from "@/test/sql";

const INIT = "20261126120000_init";
const INDEXES = "20261126120100_query_indexes";
let db: ScratchDb;
const tableExists = async (name: string) => (await query(db.url, `SELECT to_regclass($1) AS t`, [name]))[0].t !== null;

beforeAll(async () => {
  db = await createScratchDb("adopt");
  // The old app's tables, made without our runner, and a million scans.
  await query(db.url, await readFile(path.join(DEFAULT_MIGRATIONS_DIR, INIT, "migration.sql"), "utf8"));
  await query(
    db.url,
    `INSERT INTO pattern_scans (ticker, pattern_type, score, scanned_at)
     SELECT 'T' || (g % 500), (ARRAY['VCP','FLAT_BASE','CUP_WITH_HANDLE'])[1 + g % 3], (g % 100) / 10.0, now() - g * interval '1 second'
       FROM generate_series(1, 1000000) g`,
  );
}, 120_000);
afterAll(() => db.drop());

describe("adopting an existing database", () => {
  it("db:migrate refuses a database with tables and no history, and changes nothing", async () => {
    await expect(migrate({ connectionString: db.url })).rejects.toThrow(ExistingSchemaError);
    expect(await tableExists("_prisma_migrations")).toBe(false);
    expect((await migrationStatus({ connectionString: db.url })).existingSchemaWithoutHistory).toBe(true);
  });

  it("--baseline records the matching migrations as Prisma does, then the rest apply online", async () => {
    const result = await baseline({ connectionString: db.url });
    expect(result).toEqual({ baselined: [INIT], differences: [] });
    const [row] = await query(db.url, `SELECT * FROM "_prisma_migrations"`);
    const sql = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, INIT, "migration.sql"), "utf8");
    expect(row).toMatchObject({ migration_name: INIT, checksum: checksumOf(sql), logs: "", applied_steps_count: 0 });
    expect(row.started_at).toEqual(row.finished_at);

    const lines: string[] = [];
    const { applied } = await migrate({ connectionString: db.url, onProgress: (line) => lines.push(line) });
    expect(applied).toContain(INDEXES);
    const status = await migrationStatus({ connectionString: db.url });
    expect(status.migrations.every((m) => m.status === "applied" && m.checksumMatches)).toBe(true);
    expect(status.existingSchemaWithoutHistory).toBe(false);
    const [{ count }] = await query<{ count: string }>(
      db.url,
      `SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ix_%'`,
    );
    expect(Number(count)).toBe(20);
    await withPgClient(db.url, async (client) => expect(await invalidIndexes(client)).toEqual([]));
  }, 120_000);

  it("a schema that differs is left unchanged, with each difference named", async () => {
    const other = await createScratchDb("adopt_diff");
    try {
      await query(other.url, await readFile(path.join(DEFAULT_MIGRATIONS_DIR, INIT, "migration.sql"), "utf8"));
      await query(other.url, `ALTER TABLE pattern_scans ALTER COLUMN score TYPE numeric(4,2)`);
      await query(other.url, `ALTER TABLE tickers ADD COLUMN industry text`);
      const result = await baseline({ connectionString: other.url });
      expect(result.baselined).toEqual([]);
      expect(result.differences).toEqual(
        expect.arrayContaining([
          `pattern_scans.score: numeric(4,2) not null in the database, double precision not null expected (after ${INIT})`,
          `tickers.industry: in the database (text), not in the migrations (after ${INIT})`,
        ]),
      );
      expect((await query(other.url, `SELECT to_regclass('_prisma_migrations') AS t`))[0].t).toBeNull();
    } finally {
      await other.drop();
    }
  });
});

describe("online index migrations", () => {
  it("a cancelled build leaves no INVALID index, and the next run builds it", async () => {
    // Back to the old tables without the indexes: the index migration's down.sql also runs online.
    await rollback({ connectionString: db.url }); // scan_score_index
    await rollback({ connectionString: db.url }); // alert_ticker_index
    await rollback({ connectionString: db.url }); // waits_plans_rehearsals
    await rollback({ connectionString: db.url }); // sessions
    await rollback({ connectionString: db.url }); // monitor_checks
    await rollback({ connectionString: db.url }); // monitoring
    await rollback({ connectionString: db.url }); // sign_in_throttles
    await rollback({ connectionString: db.url }); // query_indexes
    expect((await migrationStatus({ connectionString: db.url })).current).toBe(INIT);

    const running = migrate({ connectionString: db.url });
    let cancelled = false;
    for (let i = 0; i < 400 && !cancelled; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const [build] = await query<{ pid: number }>(
        db.url,
        `SELECT pid FROM pg_stat_activity WHERE query ILIKE 'CREATE INDEX CONCURRENTLY%' AND datname = current_database()`,
      );
      if (build) cancelled = (await query(db.url, `SELECT pg_cancel_backend($1) AS ok`, [build.pid]))[0].ok;
    }
    expect(cancelled).toBe(true);
    await expect(running).rejects.toThrow(MigrationFailedError);
    await expect(running).rejects.toThrow(/no half-built index was left: run db:migrate again/);
    await withPgClient(db.url, async (client) => expect(await invalidIndexes(client)).toEqual([]));

    const again = await migrate({ connectionString: db.url });
    expect(again.applied).toContain(INDEXES);
    await withPgClient(db.url, async (client) => expect(await invalidIndexes(client)).toEqual([]));
    const [{ count }] = await query<{ count: string }>(
      db.url,
      `SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ix_%'`,
    );
    expect(Number(count)).toBe(20);
  }, 120_000);
});
