// The app under test for the load suite: a private database migrated and
// seeded, and the production build served by `next start` on 127.0.0.1.
import { execFileSync, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, type PrivatePostgres, type PrivateRedis } from "@/test/private-cluster";

/* eslint-disable no-restricted-properties -- the harness hands the app and its tools their environment */
export type LoadApp = { base: string; stop: () => void };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startLoadApp(
  postgres: PrivatePostgres,
  redis: PrivateRedis,
  settings: { token: string; statementTimeoutS: number },
  say: (line: string) => void,
): Promise<LoadApp> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: postgres.url("legendai_load"),
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: "legendai-load:",
    DB_STATEMENT_TIMEOUT: String(settings.statementTimeoutS),
    NEXTAUTH_SECRET: "load-only-secret",
    SCANNER_API_TOKEN: settings.token,
    METRICS_TOKEN: settings.token,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  execFileSync("psql", [postgres.url(), "-qc", "CREATE DATABASE legendai_load"]);
  say("migrating and seeding the private database");
  execFileSync("node", ["--import", "tsx", "ops/cli/db-migrate.ts"], { env, stdio: "ignore" });
  execFileSync("node", ["--import", "tsx", "prisma/seed.ts"], { env, stdio: "ignore" });
  const serverLog = path.join(tmpdir(), `legendai-load-server-${process.pid}.log`);
  const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", openSync(serverLog, "w"), openSync(serverLog, "a")],
    detached: true,
  });
  say(`server log: ${serverLog}`);
  const answers = () =>
    fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
  for (let i = 0; i < 120 && !(await answers()); i++) await sleep(500);
  say(`app on ${base}`);
  return { base, stop: () => server.pid && process.kill(-server.pid, "SIGTERM") };
}
