// Backups and restores against the tools underneath, as whole processes on the
// benchmark's database: `db_backup.sh` vs `pg_dump | gzip > file`, and
// `db_restore.sh --latest --yes` vs `gunzip -c file | psql` into an empty
// database. A restore's clock stops when its data is committed and served
// (verifying the file, ANALYZE and every fixed cost before that included); the
// safety backup of the kept-aside data it writes afterwards is waited for,
// untimed. Runs interleaved; sizes of the files kept.
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

/**
 * Runs a restore and resolves when it says its data is committed and served:
 * where the clock stops. The safety backup it writes after that is
 * waited for by `finished` (untimed), so runs never overlap.
 */
function restoreUntilServed(env: Record<string, string>): {
  served: Promise<void>;
  finished: Promise<Record<string, number>>;
} {
  const started = performance.now();
  const marks: [string, number][] = [["start", 0]];
  const child = spawn("bash", ["ops/scripts/db_restore.sh", "--latest", "--yes"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let markServed: () => void;
  const served = new Promise<void>((resolve) => (markServed = resolve));
  for (const stream of [child.stdout, child.stderr])
    stream.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      for (const line of chunk.toString().split("\n")) {
        const phase = /^phase: (\S+)/.exec(line)?.[1];
        if (phase) marks.push([phase, performance.now() - started]);
        if (line.startsWith("restored data committed and served")) {
          marks.push(["committed", performance.now() - started]);
          markServed();
        }
      }
    });
  const finished = new Promise<Record<string, number>>((resolve, reject) =>
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`db_restore.sh: ${output}`));
      marks.push(["exit", performance.now() - started]);
      resolve(restoreSteps(marks));
    }),
  );
  return { served: Promise.race([served, finished.then(() => {})]), finished };
}

/** Where one restore's time went, from the phases it printed. */
function restoreSteps(marks: [string, number][]): Record<string, number> {
  const at = (name: string) => marks.find(([n]) => n === name)?.[1] ?? NaN;
  return {
    "process start": at("verifying"),
    "input check": at("holding-writes") - at("verifying"),
    "hold, set aside or safety backup": at("restoring") - at("holding-writes"),
    "replay, ANALYZE, commit": at("committed") - at("restoring"),
    "**timed total**": at("committed"),
    "after the clock: check, safety backup": at("exit") - at("committed"),
  };
}

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

export type BackupRestoreResult = {
  backup: CaseResult;
  restore: CaseResult;
  sizes: Record<string, number>;
  /** Median milliseconds of each step of our restore. */
  restoreSteps: Record<string, number>;
};

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
    let restoring: ReturnType<typeof restoreUntilServed> | null = null;
    const steps: Record<string, number>[] = [];
    const restore = await runCase(
      "restore",
      {
        ours: {
          run: () => {
            restoring = restoreUntilServed(env);
            return restoring.served;
          },
          after: async () => steps.push(await restoring!.finished),
        },
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
    const restoreSteps = Object.fromEntries(
      Object.keys(steps[0]).map((step) => [step, Math.round(medianOf(steps.map((s) => s[step])))]),
    );
    return { backup, restore, sizes, restoreSteps };
  } finally {
    await exec("psql", [admin, "-qc", `DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`]).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
