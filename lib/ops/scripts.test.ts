// What an operator sees from the scripts: help, clear refusals, exit codes.
import { spawnSync } from "node:child_process";
import { hostname, userInfo } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTool, ToolMissingError } from "@/lib/ops/pg-tools";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";

let fx: OpsFixture;
beforeAll(async () => {
  fx = await opsFixture("scripts", { scans: 100 });
});
afterAll(() => fx.cleanup());

function run(script: string, args: string[], extraEnv: Record<string, string> = {}) {
  const [command, ...before] = script.endsWith(".sh") ? [`ops/scripts/${script}`] : ["npx", "tsx", `ops/cli/${script}`];
  return spawnSync(command, [...before, ...args], {
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
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: DATABASE_URL="mysql://u:***@db/x" (expected a URL starting with postgresql:// or postgres://)',
    );
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
    const result = run("db_backup.sh", ["--s3-bucket", "b"], {
      S3_ENDPOINT: "http://127.0.0.1:1",
      S3_FORCE_PATH_STYLE: "true",
      AWS_ACCESS_KEY_ID: "k",
      AWS_SECRET_ACCESS_KEY: "s",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/saved locally, upload failed: /);
    expect(result.stdout.trim().split("\n").at(-1)).toMatch(/legendai_db_\d{8}_\d{6}\.sql\.gz$/);
  });

  it("--keep-days must be a number of days", () => {
    expect(run("db_backup.sh", ["--keep-days", "soon"]).stderr).toMatch(
      /--keep-days must be a whole number of days, got "soon"/,
    );
  });
});

describe("operations started from the shell", () => {
  let before = 0;
  beforeAll(async () => {
    [{ id: before }] = await query<{ id: number }>(fx.url, "SELECT coalesce(max(id), 0) AS id FROM audit_logs");
  });
  const auditOf = (actor: string) =>
    query<{ action: string; outcome: string }>(
      fx.url,
      "SELECT action, outcome FROM audit_logs WHERE actor = $1 AND id > $2 ORDER BY id",
      [actor, before],
    );

  it("a backup, a restore and db:migrate --backup-first each leave audit entries naming the OS user and host", async () => {
    const actor = `${userInfo().username}@${hostname()} (cli)`;
    expect(run("db_backup.sh", []).status).toBe(0);
    expect(run("db_restore.sh", ["--latest", "--yes"]).status).toBe(0);
    expect(run("db-rollback.ts", []).status).toBe(0);
    const migrated = run("db-migrate.ts", ["--backup-first"]);
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/backup before migrating: .*legendai_db_/);
    const actions = (await auditOf(actor)).map((e) => `${e.action} ${e.outcome}`);
    // The first backup, the restore's own entries, and the backup before migrating.
    expect(actions.filter((a) => a === "backup ok")).toHaveLength(2);
    expect(actions.filter((a) => a === "backup:finished ok")).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(["restore ok", "restore:finished ok"]));
  });

  it("--actor names the person, and a refused operation is audited too", async () => {
    expect(run("db_backup.sh", ["--actor", "night-shift"]).status).toBe(0);
    const [entry] = await query<{ actor: string }>(
      fx.url,
      "SELECT actor FROM audit_logs WHERE actor LIKE 'night-shift%' LIMIT 1",
    );
    expect(entry.actor).toBe(`night-shift (cli, ${userInfo().username}@${hostname()})`);
    const failed = run("db_restore.sh", [
      "/nonexistent/legendai_db_20200101_000000.sql.gz",
      "--yes",
      "--actor",
      "refused-one",
    ]);
    expect(failed.status).toBe(1);
    const entries = await auditOf(`refused-one (cli, ${userInfo().username}@${hostname()})`);
    expect(entries.map((e) => `${e.action} ${e.outcome}`)).toEqual(["restore ok", "restore:finished failed"]);
  });
});

describe("requireTool", () => {
  it("says how to install pg_dump when it is missing", () => {
    /* eslint-disable no-restricted-properties -- simulate a machine without the client tools */
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(() => requireTool("pg_dump")).toThrow(ToolMissingError);
      expect(() => requireTool("pg_dump")).toThrow(
        /pg_dump was not found on PATH: install the PostgreSQL client tools/,
      );
    } finally {
      process.env.PATH = path;
    }
    expect(() => requireTool("psql")).not.toThrow();
  });
});
