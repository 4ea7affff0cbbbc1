// The app behind PgBouncer in transaction mode (Debian's pgbouncer, started
// here on a free port): the pool, queries, both batch-insert paths, and, on
// DIRECT_DATABASE_URL, migrations, a backup and a restore.
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { createScratchDb, type ScratchDb } from "@/test/scratch-db";
import { startPgBouncer, type PgBouncer } from "@/test/private-cluster";

let db: ScratchDb;
let bouncer: PgBouncer;
let backupDir: string;

beforeAll(async () => {
  db = await createScratchDb("pgbouncer");
  bouncer = await startPgBouncer(Number(new URL(env().DATABASE_URL).port || 5432));
  backupDir = await mkdtemp(path.join(tmpdir(), "legendai-pgbouncer-backups-"));
});
afterAll(async () => {
  bouncer?.stop();
  await db.drop();
  await rm(backupDir, { recursive: true, force: true });
});

describe("behind PgBouncer (transaction mode)", () => {
  it("queries, inserts (unnest and COPY), migrations, a backup and a restore all work", async () => {
    const { stdout } = await promisify(execFile)("node", ["--import", "tsx", "test/fixtures/through-pgbouncer.ts"], {
      env: {
        ...process.env, // eslint-disable-line no-restricted-properties -- the child's settings, pointed at PgBouncer
        DATABASE_URL: bouncer.url(db.name),
        DIRECT_DATABASE_URL: db.url,
        BACKUP_DIR: backupDir,
        REDIS_KEY_PREFIX: `${env().REDIS_KEY_PREFIX}pgbouncer:`,
      },
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(result).toMatchObject({
      migrated: readdirSync("prisma/migrations").filter((name) => /^\d/.test(name)).length,
      small: 10,
      large: 1_500,
      found: 5,
      restoredDifferences: [],
      afterRestore: 0, // written after the backup, so not in the restored data
    });
    expect(result.backupBytes).toBeGreaterThan(0);
    expect(result.poolOpen).toBeGreaterThan(0);
  }, 120_000);
});
