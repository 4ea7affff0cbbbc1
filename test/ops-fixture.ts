// A scratch database with a little of everything, and a temporary BACKUP_DIR,
// for the backup and restore tests. The URL carries a password (trust auth
// ignores it) so that tests can check it never leaks.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { withPgClient } from "@/lib/db/pg-client";
import { env, loadEnv, withEnv, type Env } from "@/lib/env";
import { migrate } from "@/lib/db/migrations/runner";
import { readTableStats } from "@/lib/ops/table-stats";
import { createScratchDb } from "./scratch-db";
import { query } from "./sql";

export const FIXTURE_PASSWORD = "s3cret-pw";

export { query };

export async function seedSmall(url: string, scans: number): Promise<void> {
  await query(
    url,
    `INSERT INTO users (email, name, role, password_hash)
    VALUES ('a@x.test', 'A', 'admin', 'h1'), ('o@x.test', 'O', 'operator', 'h2'), ('t@x.test', 'T', 'trader', 'h3')`,
  );
  await query(
    url,
    `INSERT INTO tickers (symbol, name, sector, market_cap) SELECT 'T' || g, 'Ticker ' || g, 'Tech', g * 1000000 FROM generate_series(1, 50) g`,
  );
  await query(
    url,
    `INSERT INTO pattern_scans (ticker, pattern_type, score, pivot_price, details, scanned_at)
    SELECT 'T' || (g % 50 + 1), (ARRAY['VCP','FLAT_BASE','CUP_WITH_HANDLE'])[1 + g % 3], (g % 100) / 10.0, g * 0.37,
           jsonb_build_object('n', g, 'note', E'tab\\there'), now() - g * interval '1 minute'
      FROM generate_series(1, $1) g`,
    [scans],
  );
  await query(
    url,
    `INSERT INTO watchlists (user_id, ticker, notes) SELECT 3, 'T' || g, 'note ' || g FROM generate_series(1, 20) g`,
  );
  await query(
    url,
    `INSERT INTO alert_logs (user_id, ticker, alert_type, channel, message) SELECT 3, 'T1', 'PIVOT_BREAKOUT', 'email', 'm' || g FROM generate_series(1, 100) g`,
  );
  await query(
    url,
    `INSERT INTO scan_logs (start_time, end_time, status, tickers_scanned) SELECT now() - g * interval '1 hour', now(), 'success', 50 FROM generate_series(1, 10) g`,
  );
}

export type OpsFixture = {
  url: string;
  config: Env;
  backupDir: string;
  /** Runs `work` (and the jobs it starts) with this fixture's configuration. */
  run: <T>(work: () => T) => T;
  stats: () => ReturnType<typeof readTableStats>;
  cleanup: () => Promise<void>;
};

export async function opsFixture(
  label: string,
  options: {
    scans?: number;
    env?: Record<string, string>;
    /** Fills the database (default: the app's schema and a little of everything). */
    load?: (url: string) => Promise<void>;
  } = {},
): Promise<OpsFixture> {
  const db = await createScratchDb(label);
  if (options.load) await options.load(db.url);
  else {
    await migrate({ connectionString: db.url });
    await seedSmall(db.url, options.scans ?? 2_000);
  }
  const backupDir = await mkdtemp(path.join(tmpdir(), "legendai-backups-"));
  const withPassword = new URL(db.url);
  withPassword.password = FIXTURE_PASSWORD;
  const config = loadEnv({
    DATABASE_URL: withPassword.toString(),
    BACKUP_DIR: backupDir,
    REDIS_URL: env().REDIS_URL,
    REDIS_KEY_PREFIX: env().REDIS_KEY_PREFIX,
    ...options.env,
  });
  const stats = () => withPgClient(db.url, readTableStats);
  return {
    url: db.url,
    config,
    backupDir,
    run: (work) => withEnv(config, work),
    stats,
    cleanup: async () => {
      await db.drop();
      await rm(backupDir, { recursive: true, force: true });
    },
  };
}
