// Rehearsal on a real copy under real traffic: a migration that adds a column
// with a volatile default (a rewrite under ACCESS EXCLUSIVE) is flagged with
// the writer's blocked time; an online index migration shows the plan it
// improves. The live database is left as it was and the scratch copy dropped.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations/files";
import { pendingForRehearsal, startRehearsal } from "@/lib/ops/rehearse/rehearse";
import { lastRehearsal } from "@/lib/ops/rehearse/report";
import { startBackup } from "@/lib/ops/backup";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";

const INDEX = "ix_pattern_scans_ticker";
let fx: OpsFixture;
let dir: string;

async function addMigration(name: string, sql: string) {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}

beforeAll(async () => {
  fx = await opsFixture("rehearse", { scans: 80_000 });
  await query(fx.url, `DROP INDEX "${INDEX}"`); // the live schema lacks the index the pending migration adds
  // 2,000 tickers: without its index, one ticker's newest scans are found only after walking many others'
  await query(fx.url, "UPDATE pattern_scans SET ticker = 'T' || (id % 2000)");
  await query(fx.url, "VACUUM FULL ANALYZE pattern_scans");
  await (
    await fx.run(() => startBackup({ actor: "op" }))
  ).done;
  dir = await mkdtemp(path.join(tmpdir(), "legendai-migrations-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  await addMigration(
    "20991231000000_scan_tokens",
    `ALTER TABLE "pattern_scans" ADD COLUMN "token" UUID DEFAULT gen_random_uuid();`,
  );
  await addMigration(
    "20991231000100_ticker_index",
    `CREATE INDEX IF NOT EXISTS "${INDEX}" ON "pattern_scans"("ticker", "scanned_at" DESC);`,
  );
}, 180_000);
afterAll(async () => {
  await fx?.cleanup();
  await rm(dir, { recursive: true, force: true });
  await closeDb();
});

describe("migration rehearsal", () => {
  it("reports each pending migration's locks, rewrites, blocked writer and plan changes; live is untouched", async () => {
    const report = await (await fx.run(() => startRehearsal("op", dir))).done;
    expect(report.ok).toBe(true);
    const [rewrite, index] = report.migrations;

    expect(rewrite.name).toBe("20991231000000_scan_tokens");
    expect(rewrite.rewritten_tables).toEqual(["pattern_scans"]);
    const exclusive = rewrite.locks.find((l) => l.table === "pattern_scans");
    expect(exclusive?.mode).toBe("AccessExclusiveLock");
    expect(exclusive!.held_ms).toBeGreaterThan(20);
    // the writer queued behind the rewrite for most of the time the lock was held
    expect(rewrite.writer_max_ms).toBeGreaterThanOrEqual(exclusive!.held_ms * 0.5);
    expect(rewrite.size_changes.find((s) => s.table === "pattern_scans")).toBeDefined();

    expect(index.name).toBe("20991231000100_ticker_index");
    expect(index.rewritten_tables).toEqual([]);
    expect(index.locks.find((l) => l.table === "pattern_scans")?.mode).toBe("ShareUpdateExclusiveLock"); // CONCURRENTLY
    const improved = index.plan_changes.find((c) => c.family === "One ticker's scans");
    expect(improved?.after).toContain(INDEX);
    expect(improved?.before).not.toContain(INDEX);
    expect(improved!.p95_after_ms).toBeLessThan(improved!.p95_before_ms);

    // live: still without the migrations, the report kept under their key, no scratch database left
    const pending = await fx.run(() => pendingForRehearsal(dir));
    expect(pending.pending.map((m) => m.name)).toEqual(["20991231000000_scan_tokens", "20991231000100_ticker_index"]);
    expect((await lastRehearsal(fx.url, pending.key))?.migrations).toEqual(report.migrations);
    expect(await query(fx.url, "SELECT datname FROM pg_database WHERE datname LIKE 'legendai_rehearsal_%'")).toEqual(
      [],
    );
  });
});

describe("db:migrate and rehearsals", () => {
  const childEnv = () => ({
    // eslint-disable-next-line no-restricted-properties -- the child gets this environment plus the fixture's
    ...process.env,
    DATABASE_URL: fx.url,
    BACKUP_DIR: fx.backupDir,
    REQUIRE_REHEARSAL: "true",
  });
  const cli = (...args: string[]) =>
    promisify(execFile)("npx", ["tsx", "ops/cli/db-migrate.ts", "--dir", notes, ...args], { env: childEnv() }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  let notes: string;

  it("REQUIRE_REHEARSAL refuses migrations never rehearsed; --rehearse --json reports them; then they apply", async () => {
    notes = await mkdtemp(path.join(tmpdir(), "legendai-migrations-"));
    await cp(DEFAULT_MIGRATIONS_DIR, notes, { recursive: true });
    await mkdir(path.join(notes, "20991231000200_scan_notes"));
    await writeFile(
      path.join(notes, "20991231000200_scan_notes", "migration.sql"),
      `ALTER TABLE "scan_logs" ADD COLUMN "note" TEXT;`,
    );

    const refused = await cli();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("never rehearsed");
    expect(refused.stderr).toContain("REQUIRE_REHEARSAL is set: nothing applied");

    const rehearsed = await cli("--rehearse", "--json");
    expect(rehearsed.code).toBe(0);
    const report = JSON.parse(rehearsed.stdout);
    expect(report.migrations).toEqual([
      expect.objectContaining({ name: "20991231000200_scan_notes", rewritten_tables: [], plan_changes: [] }),
    ]);

    const applied = await cli();
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("last rehearsal of these 1 migration(s)");
    expect(applied.stdout).toContain("1 migration(s) applied");
    await rm(notes, { recursive: true, force: true });
  }, 120_000);
});
