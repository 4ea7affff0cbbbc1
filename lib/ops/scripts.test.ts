// What an operator sees from the scripts: help, clear refusals, exit codes.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTool, ToolMissingError } from "@/lib/ops/pg-tools";
import { opsFixture, type OpsFixture } from "@/test/ops-fixture";

let fx: OpsFixture;
beforeAll(async () => {
  fx = await opsFixture("scripts", { scans: 100 });
});
afterAll(() => fx.cleanup());

function run(script: string, args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(`ops/scripts/${script}`, args, {
    encoding: "utf8",
    input: "",
    env: { ...process.env, DATABASE_URL: fx.config.DATABASE_URL, BACKUP_DIR: fx.backupDir, ...extraEnv }, // eslint-disable-line no-restricted-properties
  });
}

describe("operator scripts", () => {
  it.each(["db_backup.sh", "db_restore.sh", "setup_backup_cron.sh"])("%s --help explains itself", (script) => {
    const result = run(script, ["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: ops/scripts/${script.replace(".", "\\.")}`));
  });

  it("an invalid DATABASE_URL stops with one line, password masked", () => {
    const result = run("db_backup.sh", [], { DATABASE_URL: "mysql://u:hunter2@db/x" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid configuration: DATABASE_URL="mysql://u:***@db/x" (expected a URL starting with postgresql:// or postgres://)');
  });

  it("an unreachable database fails the backup with a clear message and keeps nothing", () => {
    const result = run("db_backup.sh", [], { DATABASE_URL: "postgresql://postgres:hunter2@127.0.0.1:1/legendai" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
    expect(result.stderr).not.toContain("hunter2");
  });

  it("db_restore.sh needs exactly one source, and confirmation", () => {
    expect(run("db_restore.sh", []).stderr).toMatch(/exactly one of --latest, FILE or --from-s3/);
    const unconfirmed = run("db_restore.sh", ["--latest"]);
    expect(unconfirmed.status).toBe(1);
    expect(unconfirmed.stderr).toMatch(/not confirmed: nothing was restored/);
  });

  it("db_backup.sh exits 2 when the S3 upload fails, still printing the local path last", () => {
    const result = run("db_backup.sh", ["--s3-bucket", "b"], { S3_ENDPOINT: "http://127.0.0.1:1", S3_FORCE_PATH_STYLE: "true", AWS_ACCESS_KEY_ID: "k", AWS_SECRET_ACCESS_KEY: "s" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/saved locally, upload failed: /);
    expect(result.stdout.trim().split("\n").at(-1)).toMatch(/legendai_db_\d{8}_\d{6}\.sql\.gz$/);
  });

  it("--keep-days must be a number of days", () => {
    expect(run("db_backup.sh", ["--keep-days", "soon"]).stderr).toMatch(/--keep-days must be a whole number of days, got "soon"/);
  });
});

describe("requireTool", () => {
  it("says how to install pg_dump when it is missing", () => {
    /* eslint-disable no-restricted-properties -- simulate a machine without the client tools */
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(() => requireTool("pg_dump")).toThrow(ToolMissingError);
      expect(() => requireTool("pg_dump")).toThrow(/pg_dump was not found on PATH: install the PostgreSQL client tools/);
    } finally {
      process.env.PATH = path;
    }
    expect(() => requireTool("psql")).not.toThrow();
  });
});
