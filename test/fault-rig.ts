// Everything the app depends on, private to one run and each behind a TCP
// proxy that injects a fault: Postgres (a private cluster), Redis, S3
// (s3rver), the webhook receiver and the SMTP sink; and BACKUP_DIR on a small
// tmpfs of its own (missing, read-only, full). The machine's shared services
// are never touched. Short timings (1 s evaluations, 2 s outages, 1–2 s
// deadlines) make a fault show within seconds.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startIncidentSinks, type IncidentSinks } from "./incident-sinks";
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from "./private-cluster";
import { s3Env, startS3Server } from "./s3-server";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

export type Dependency = "postgres" | "redis" | "s3" | "webhook" | "smtp" | "backup_dir";
export type Fault = "refused" | "stalled" | "slow" | "missing" | "read-only" | "full";

export const FAULTS: Record<Dependency, Fault[]> = {
  postgres: ["refused", "stalled", "slow"],
  redis: ["refused", "stalled", "slow"],
  s3: ["refused", "stalled", "slow"],
  webhook: ["refused", "stalled", "slow"],
  smtp: ["refused", "stalled", "slow"],
  backup_dir: ["missing", "read-only", "full"],
};

/** Each component's deadline in the rig (ms): a slow fault answers after twice it. */
export const DEADLINES: Record<Exclude<Dependency, "backup_dir">, number> = {
  postgres: 2_000, // DB_STATEMENT_TIMEOUT
  redis: 2_000, // the Redis client's command timeout
  s3: 1_000, // S3_TIMEOUT_S
  webhook: 1_000, // ALERT_DELIVERY_TIMEOUT_S
  smtp: 1_000,
};

export const RIG_TOKEN = "fault-rig-token";
const BUCKET = "legendai-faults";

export type FaultRig = {
  /** The app's environment: every dependency through its proxy. */
  env: Record<string, string>;
  databaseUrl: string;
  sinks: IncidentSinks;
  apply: (dependency: Dependency, fault: Fault) => Promise<void>;
  clear: (dependency: Dependency, fault: Fault) => Promise<void>;
  destroy: () => Promise<void>;
};

function proxyFault(proxy: TcpProxy, deadlineMs: number) {
  return {
    apply: async (fault: Fault) => {
      if (fault === "refused") await proxy.pause();
      else if (fault === "stalled") proxy.stall();
      else proxy.slow(deadlineMs * 2);
    },
    clear: async (fault: Fault) => {
      if (fault === "refused") await proxy.resume();
      else if (fault === "stalled") proxy.unstall();
      else proxy.slow(0);
    },
  };
}

/** BACKUP_DIR = <vol>/backups, <vol> a 32 MB tmpfs mounted here (the run is root, as CI is). */
function backupDisk(root: string) {
  const vol = path.join(root, "vol");
  const dir = path.join(vol, "backups");
  const mount = () => {
    mkdirSync(vol, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=32m", "tmpfs", vol]);
    mkdirSync(dir);
  };
  const umount = () => execFileSync("umount", ["-l", vol]);
  mount();
  const filler = path.join(vol, "filler");
  return {
    dir,
    apply: async (fault: Fault) => {
      if (fault === "missing") {
        umount();
        rmdirSync(vol); // the volume is not mounted, and its mount point is gone too
      } else if (fault === "read-only") execFileSync("mount", ["-o", "remount,ro", vol]);
      else execFileSync("sh", ["-c", `dd if=/dev/zero of=${filler} bs=1M count=64 2>/dev/null || true`]);
    },
    clear: async (fault: Fault) => {
      if (fault === "missing") mount();
      else if (fault === "read-only") execFileSync("mount", ["-o", "remount,rw", vol]);
      else rmSync(filler, { force: true });
    },
    destroy: () => {
      try {
        umount();
      } catch {
        // not mounted
      }
    },
  };
}

function appEnv(ports: Record<Exclude<Dependency, "backup_dir">, number>, backupDir: string): Record<string, string> {
  return {
    DATABASE_URL: `postgresql://postgres@127.0.0.1:${ports.postgres}/legendai_faults`,
    REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
    REDIS_KEY_PREFIX: "legendai-faults:",
    BACKUP_DIR: backupDir,
    ...s3Env(BUCKET, ports.s3),
    S3_TIMEOUT_S: String(DEADLINES.s3 / 1000),
    ALERT_WEBHOOK_URL: `http://127.0.0.1:${ports.webhook}/hook`,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    ALERT_EMAIL_TO: "oncall@legendai.test",
    ALERT_DELIVERY_TIMEOUT_S: String(DEADLINES.webhook / 1000),
    ALERT_EVALUATE_EVERY_S: "1",
    ALERT_OUTAGE_FOR_S: "2",
    DB_STATEMENT_TIMEOUT: String(DEADLINES.postgres / 1000),
    METRICS_TOKEN: RIG_TOKEN,
    NEXTAUTH_SECRET: "fault-rig-secret",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** Migrates and seeds the private database (the app's own CLIs, straight to the server). */
function prepareDatabase(postgres: PrivatePostgres, env: Record<string, string>) {
  execFileSync("psql", [postgres.url(), "-qc", "CREATE DATABASE legendai_faults"]);
  const direct = { ...process.env, ...env, DATABASE_URL: postgres.url("legendai_faults") }; // eslint-disable-line no-restricted-properties -- the tools' environment
  execFileSync("node", ["--import", "tsx", "ops/cli/db-migrate.ts"], { env: direct, stdio: "ignore" });
  execFileSync("node", ["--import", "tsx", "prisma/seed.ts", "--scans", "2000", "--alerts-per-user", "20"], {
    env: direct,
    stdio: "ignore",
  });
}

export async function startFaultRig(): Promise<FaultRig> {
  const root = mkdtempSync(path.join(tmpdir(), "legendai-faults-"));
  const postgres: PrivatePostgres = await startPrivatePostgres({ max_connections: "100" });
  const redis: PrivateRedis = await startPrivateRedis();
  const s3 = await startS3Server(BUCKET, root);
  const sinks = await startIncidentSinks();
  const portOf = (url: string) => Number(new URL(url).port);
  const proxies = {
    postgres: await startTcpProxy("127.0.0.1", postgres.port),
    redis: await startTcpProxy("127.0.0.1", redis.port),
    s3: await startTcpProxy("127.0.0.1", s3.port),
    webhook: await startTcpProxy("127.0.0.1", portOf(sinks.webhookUrl)),
    smtp: await startTcpProxy("127.0.0.1", portOf(sinks.smtpUrl)),
  };
  const disk = backupDisk(root);
  const ports = Object.fromEntries(Object.entries(proxies).map(([k, p]) => [k, p.port])) as Record<
    Exclude<Dependency, "backup_dir">,
    number
  >;
  const env = appEnv(ports, disk.dir);
  prepareDatabase(postgres, env);
  writeFileSync(path.join(root, "README"), "a fault rig's private services; removed when it ends\n");
  const faultOf = (dependency: Dependency) =>
    dependency === "backup_dir" ? disk : proxyFault(proxies[dependency], DEADLINES[dependency]);
  return {
    env,
    databaseUrl: postgres.url("legendai_faults"),
    sinks,
    apply: (dependency, fault) => faultOf(dependency).apply(fault),
    clear: (dependency, fault) => faultOf(dependency).clear(fault),
    destroy: async () => {
      await Promise.all(Object.values(proxies).map((p) => p.close()));
      await sinks.close();
      await s3.close();
      disk.destroy();
      redis.destroy();
      postgres.destroy();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
