// A private cluster with point-in-time recovery set up by the app's own
// pitr:setup (archiving to pgBackRest, an encrypted repository, the restart
// archive_mode needs), migrated and seeded, and the app's configuration for
// it. The machine's shared Postgres never gets archive_mode.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "@/lib/db/migrations/runner";
import { env, loadEnv, withEnv, type Env } from "@/lib/env";
import { withPgClient } from "@/lib/db/pg-client";
import { segmentArchived } from "@/lib/pitr/seal";
import { setupPitr } from "@/lib/pitr/setup";
import { seedSmall } from "./ops-fixture";
import { startPrivatePostgres, type PrivatePostgres } from "./private-cluster";
import { query } from "./sql";

export type PitrFixture = {
  cluster: PrivatePostgres;
  url: string;
  config: Env;
  run: <T>(work: () => T) => T;
  /** Commits a write, then waits until the archive holds it (pg_switch_wal and the archiver). */
  archived: () => Promise<void>;
  cleanup: () => void;
};

export async function pitrFixture(
  label: string,
  options: {
    scans?: number;
    /** "demo": the demo seed (its users can sign in), for an app server on the cluster. */
    seed?: "small" | "demo";
    env?: Record<string, string>;
    /** Runs on the new cluster before setup; what it returns is added to the configuration. */
    beforeSetup?: (cluster: PrivatePostgres, database: string) => Promise<Record<string, string>>;
    say?: (line: string) => void;
  } = {},
): Promise<PitrFixture> {
  const cluster = await startPrivatePostgres({ wal_level: "replica", max_wal_senders: "2" });
  const backupDir = mkdtempSync(path.join(tmpdir(), "legendai-pitr-backups-"));
  const url = cluster.url("legendai_pitr");
  try {
    await query(cluster.url(), "CREATE DATABASE legendai_pitr");
    await migrate({ connectionString: url });
    if (options.seed === "demo")
      execFileSync("node", ["--import", "tsx", "prisma/seed.ts", "--scans", String(options.scans ?? 2_000)], {
        env: { ...process.env, DATABASE_URL: url }, // eslint-disable-line no-restricted-properties -- the seed's environment
        stdio: "ignore",
      });
    else await seedSmall(url, options.scans ?? 2_000);
    const config = loadEnv({
      DATABASE_URL: url,
      BACKUP_DIR: backupDir,
      REDIS_URL: env().REDIS_URL,
      REDIS_KEY_PREFIX: env().REDIS_KEY_PREFIX,
      PITR_STANZA: `${label}_${randomBytes(3).toString("hex")}`,
      PITR_CONFIG: path.join(cluster.dir, "pgbackrest.conf"),
      PITR_REPO_PATH: path.join(cluster.dir, "repo"),
      PITR_SCRATCH_DIR: path.join(cluster.dir, "scratch"),
      PITR_CIPHER_PASS: randomBytes(24).toString("base64url"),
      PITR_ARCHIVE_TIMEOUT_S: "5",
      PITR_RESTART_COMMAND: cluster.restartCommand,
      PITR_STOP_COMMAND: cluster.stopCommand,
      PITR_START_COMMAND: cluster.startCommand,
      ...options.env,
      ...(await options.beforeSetup?.(cluster, "legendai_pitr")),
    });
    await withEnv(config, () => setupPitr({ restart: true }, options.say ?? (() => {})));
    const archived = async () => {
      const [{ wal }] = await query<{ wal: string }>(url, "SELECT pg_walfile_name(pg_switch_wal()) AS wal");
      const done = () => withPgClient(url, (client) => segmentArchived(client, wal));
      for (let i = 0; i < 200 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      if (await done()) return;
      const log = readFileSync(path.join(cluster.dir, "log"), "utf8").split("\n").slice(-12).join("\n");
      throw new Error(`${wal} was not archived within 10 s; the cluster's log ends:\n${log}`);
    };
    return {
      cluster,
      url,
      config,
      run: (work) => withEnv(config, work),
      archived,
      cleanup: () => {
        cluster.destroy();
        rmSync(backupDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    // What the server said is the likeliest reason: kept with the error.
    const log = readFileSync(path.join(cluster.dir, "log"), "utf8").split("\n").slice(-15).join("\n");
    (error as Error).message += `\n--- the cluster's log ends ---\n${log}`;
    cluster.destroy();
    rmSync(backupDir, { recursive: true, force: true });
    throw error;
  }
}
