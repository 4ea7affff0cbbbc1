// The app under test for the load suite: a private database migrated and
// seeded, and the production build served as `npm start` serves it, on 127.0.0.1.
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { startAppServer } from "@/test/app-server";
import type { PrivatePostgres, PrivateRedis } from "@/test/private-cluster";

/* eslint-disable no-restricted-properties -- the harness hands the app and its tools their environment */
export type LoadApp = {
  base: string;
  stop: () => void;
  env: Record<string, string | undefined>;
  /** The server's process group (its processes' memory is measured by it). */
  group: number;
};

export async function startLoadApp(
  postgres: PrivatePostgres,
  redis: PrivateRedis,
  settings: { token: string; statementTimeoutS: number; env?: Record<string, string> },
  say: (line: string) => void,
): Promise<LoadApp> {
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
    ...settings.env,
  };
  execFileSync("psql", [postgres.url(), "-qc", "CREATE DATABASE legendai_load"]);
  say("migrating and seeding the private database");
  execFileSync("node", ["--import", "tsx", "ops/cli/db-migrate.ts"], { env, stdio: "ignore" });
  execFileSync("node", ["--import", "tsx", "prisma/seed.ts"], { env, stdio: "ignore" });
  const serverLog = path.join(tmpdir(), `legendai-load-server-${process.pid}.log`);
  say(`server log: ${serverLog}`);
  const server = await startAppServer(env, serverLog);
  say(`app on ${server.base}`);
  return { base: server.base, stop: server.stop, env, group: server.child.pid! };
}
