// Backups and restores against the tools underneath, as whole processes on the
// benchmark's database: `db_backup.sh` vs `pg_dump | gzip > file`, and
// `db_restore.sh --latest --yes` (safety backup included) vs `gunzip -c file |
// psql` into an empty database. Runs interleaved; sizes of the files kept.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { withDatabase } from "@/lib/db/pg-client";
import { runCase, type CaseResult } from "./measure";

const exec = promisify(execFile);

/* eslint-disable no-restricted-properties -- child processes get the benchmark's own environment */
function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")}: ${stderr}`)),
    );
  });
}

export type BackupRestoreResult = { backup: CaseResult; restore: CaseResult; sizes: Record<string, number> };

export async function backupRestoreCases(databaseUrl: string, runs = 3): Promise<BackupRestoreResult> {
  const dir = await mkdtemp(path.join(tmpdir(), "legendai-bench-backups-"));
  const env = { DATABASE_URL: databaseUrl, BACKUP_DIR: dir, KEEP_DAYS: "365", S3_BUCKET: "" };
  const plain = path.join(dir, "plain.sql.gz");
  const scratch = `legendai_bench_replay_${process.pid}`;
  const admin = withDatabase(databaseUrl, "postgres");
  try {
    const backup = await runCase(
      "backup",
      {
        ours: { run: () => run("bash", ["ops/scripts/db_backup.sh"], env) },
        pg_dump_gzip: { run: () => run("bash", ["-c", `pg_dump "$DATABASE_URL" | gzip > "${plain}"`], env) },
      },
      { runs, warmup: 0 },
    );
    const ours = (await readdir(dir))
      .filter((n) => /^legendai_db_.*\.sql\.gz$/.test(n))
      .sort()
      .at(-1)!;
    const sizes = {
      ours: (await stat(path.join(dir, ours))).size,
      pg_dump_gzip: (await stat(plain)).size,
    };
    const restore = await runCase(
      "restore",
      {
        ours: { run: () => run("bash", ["ops/scripts/db_restore.sh", "--latest", "--yes"], env) },
        psql_replay: {
          before: () => exec("psql", [admin, "-qc", `CREATE DATABASE ${scratch}`]),
          run: () =>
            run("bash", ["-c", `gunzip -c "${plain}" | psql -q -X -v ON_ERROR_STOP=1 "$REPLAY_URL" >/dev/null`], {
              ...env,
              REPLAY_URL: withDatabase(databaseUrl, scratch),
            }),
          after: () => exec("psql", [admin, "-qc", `DROP DATABASE ${scratch} WITH (FORCE)`]),
        },
      },
      { runs, warmup: 0 },
    );
    return { backup, restore, sizes };
  } finally {
    await exec("psql", [admin, "-qc", `DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`]).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
