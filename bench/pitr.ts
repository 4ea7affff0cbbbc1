// npm run bench:pitr: point-in-time recovery on the bench dataset (1,000,000
// scans), on a private cluster archiving to pgBackRest (archive_timeout 10 s,
// encrypted repository). Measures: one table brought back by the app against
// the plain tools (median of 3, alternating), the whole database taken back in
// place against the logical restore-latest of the same data, and the recovery
// point after a crash. Writes "pitr" into bench/results/latest.json.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { startPrivatePostgres } from "@/test/private-cluster";
import { query } from "@/test/sql";

/* eslint-disable no-restricted-properties -- the benchmark points the app at its own cluster */
const ARCHIVE_TIMEOUT_S = 10;
const RUNS = 3;
const say = (line: string) => console.error(`[pitr] ${line}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const cluster = await startPrivatePostgres({ wal_level: "replica", max_wal_senders: "2", shared_buffers: "256MB" });
const backupDir = mkdtempSync(path.join(tmpdir(), "legendai-bench-pitr-"));
const database = "legendai_bench_pitr";
const liveUrl = cluster.url(database);
Object.assign(process.env, {
  DATABASE_URL: liveUrl,
  BACKUP_DIR: backupDir,
  REDIS_KEY_PREFIX: `bench-pitr-${randomBytes(3).toString("hex")}:`,
  DEBUG: "false",
  PITR_STANZA: "bench",
  PITR_CONFIG: path.join(cluster.dir, "pgbackrest.conf"),
  PITR_REPO_PATH: path.join(cluster.dir, "repo"),
  PITR_SCRATCH_DIR: path.join(cluster.dir, "scratch"),
  PITR_CIPHER_PASS: randomBytes(24).toString("base64url"),
  PITR_ARCHIVE_TIMEOUT_S: String(ARCHIVE_TIMEOUT_S),
  PITR_RESTART_COMMAND: cluster.restartCommand,
  PITR_STOP_COMMAND: cluster.stopCommand,
  PITR_START_COMMAND: cluster.startCommand,
});

const { closeDb } = await import("@/lib/db/client");
const { migrate } = await import("@/lib/db/migrations/runner");
const { seedBenchData } = await import("./dataset");
const { setupPitr } = await import("@/lib/pitr/setup");
const { startBackup } = await import("@/lib/ops/backup");
const { startRestore } = await import("@/lib/ops/restore");
const { restoreInPlace } = await import("@/lib/pitr/restore-in-place");
const { oursMs, plainMs } = await import("./pitr/table-recovery");
const { measureRpo } = await import("./pitr/rpo");

const now = async () => (await query<{ now: Date }>(liveUrl, "SELECT now()"))[0].now;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

try {
  await query(cluster.url(), `CREATE DATABASE ${database}`);
  await migrate({ connectionString: liveUrl });
  let started = performance.now();
  await seedBenchData(liveUrl, say);
  say(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  await setupPitr({ restart: true }, say);
  say(`set up (first full backup included) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  await pause(1_100);
  const at = await now();
  await pause(1_100);
  await query(liveUrl, "DELETE FROM pattern_scans WHERE pattern_type = 'VCP'"); // the bad DELETE
  await query(liveUrl, "SELECT pg_switch_wal()");
  await pause(2_000);
  const ours: number[] = [];
  const plain: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    ours.push(await oursMs("pattern_scans", at, liveUrl));
    plain.push(await plainMs("pattern_scans", at, liveUrl, database));
    say(`table recovery run ${i}: ours ${Math.round(ours.at(-1)!)} ms, plain ${Math.round(plain.at(-1)!)} ms`);
  }
  const tableRecovery = {
    ours_ms: Math.round(median(ours)),
    plain_ms: Math.round(median(plain)),
    ratio: Math.round((median(ours) / median(plain)) * 100) / 100,
  };

  say(`recovery point: writes for ${4 * ARCHIVE_TIMEOUT_S} s, then SIGKILL, then recovery from the archive alone`);
  const rpo = await measureRpo(cluster, liveUrl, ARCHIVE_TIMEOUT_S, 4 * ARCHIVE_TIMEOUT_S);

  cluster.start(); // crash recovery from its own WAL: the server is back for the whole-database measures

  say("whole database: logical restore-latest, then PITR in place");
  const backup = await (await startBackup({ actor: "bench", s3Bucket: null })).done;
  started = performance.now();
  await (
    await startRestore({ kind: "latest", expected: path.basename(backup.path) }, "bench")
  ).done;
  const logicalRestoreMs = Math.round(performance.now() - started);
  await query(liveUrl, "SELECT pg_switch_wal()");
  await pause(2_000);
  const target = await now();
  await pause(1_100);
  started = performance.now();
  let downFrom = 0;
  await restoreInPlace({ at: target, actor: "bench" }, (line) => {
    if (line.startsWith("stopping the cluster")) downFrom = performance.now();
    say(line);
  });
  const databasePitrMs = Math.round(performance.now() - started);
  const downtimeMs = Math.round(performance.now() - downFrom);

  const pitr = {
    archive_timeout_s: ARCHIVE_TIMEOUT_S,
    ...rpo,
    table_recovery: tableRecovery,
    database_pitr_ms: databasePitrMs,
    database_pitr_downtime_ms: downtimeMs,
    logical_restore_ms: logicalRestoreMs,
  };
  const file = "bench/results/latest.json";
  const results = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, `${JSON.stringify({ ...results, pitr }, null, 2)}\n`);
  console.log(JSON.stringify(pitr, null, 2));
} finally {
  await closeDb().catch(() => {});
  cluster.destroy();
  rmSync(backupDir, { recursive: true, force: true });
}
