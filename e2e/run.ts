// Runs the Playwright suite against its own freshly migrated and seeded
// database and Redis key prefix, and removes both afterwards.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLocalRunResources } from "@/test/run-resources";

/* eslint-disable no-restricted-properties -- the harness hands the app its environment */
async function main(): Promise<number> {
  const run = await createLocalRunResources("e2e");
  const backupDir = mkdtempSync(path.join(tmpdir(), "legendai-e2e-backups-"));
  mkdirSync("e2e/.auth", { recursive: true });
  const childEnv = {
    ...process.env,
    BACKUP_DIR: backupDir,
    DATABASE_URL: run.databaseUrl,
    REDIS_KEY_PREFIX: run.redisPrefix,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-only-secret-not-for-production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const exec = (command: string, args: string[]) =>
    new Promise<number>((resolve) => {
      const child = spawn(command, args, { stdio: "inherit", env: childEnv });
      child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  try {
    const seeded = await exec("npx", ["tsx", "prisma/seed.ts"]);
    if (seeded !== 0) return seeded;
    return await exec("npx", ["playwright", "test", ...process.argv.slice(2)]);
  } finally {
    await run.cleanup();
    rmSync(backupDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
