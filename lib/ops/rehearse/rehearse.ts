// Migration rehearsal: the latest backup restored into a scratch database (as
// the restore drill does), then each pending migration applied there, one at
// a time, while the app's writer and reader run against it: its duration,
// the locks it took per table, the writer's and reader's worst latency,
// tables rewritten (relfilenode changed), size changes, and the hot query
// families' plans and p95 before and after. The scratch database is always
// dropped; the report is kept in migration_rehearsals. It runs as an operation
// (one at a time with backups, restores and drills), from db:migrate --rehearse
// or the migration card.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { quoteIdent } from "@/lib/db/identifiers";
import { hotQuerySample, type HotQuerySample } from "@/lib/db/queries/hot-queries";
import { DEFAULT_MIGRATIONS_DIR, readMigrations, type MigrationFile } from "@/lib/db/migrations/files";
import { migrate, pendingMigrations, readRows } from "@/lib/db/migrations/runner";
import { withDatabase, withPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl } from "@/lib/env";
import { fetchToLocal } from "@/lib/ops/catalog";
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { readManifest } from "@/lib/ops/manifest";
import { defineOperation, type Started } from "@/lib/ops/operation";
import { replayBackup } from "@/lib/ops/psql";
import { latestBackup, RestoreRefusedError } from "@/lib/ops/restore";
import { planChangesBetween, readFamilies } from "./families";
import { startLoad } from "./load";
import { sampleLocks } from "./locks";
import { rehearsalKey, saveRehearsal, type MigrationReport, type RehearsalReport } from "./report";

type Relation = { table: string; filenode: string; bytes: number };

const relations = (url: string) =>
  withPgClient(url, async (client) => {
    const { rows } = await client.query<Relation>(
      `SELECT relname AS "table", pg_relation_filenode(oid)::text AS filenode, pg_total_relation_size(oid)::float8 AS bytes
         FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace`,
    );
    return new Map(rows.map((r) => [r.table, r]));
  });

/** A folder holding the migrations up to and including `last`: the runner applies exactly those. */
async function migrationsUpTo(dir: string, files: MigrationFile[], last: number): Promise<string> {
  const subset = await mkdtemp(path.join(tmpdir(), "legendai-rehearsal-"));
  for (const file of files.slice(0, last + 1))
    await cp(path.join(dir, file.name), path.join(subset, file.name), { recursive: true });
  return subset;
}

async function rehearseOne(
  url: string,
  dir: string,
  file: MigrationFile,
  sample: HotQuerySample,
): Promise<MigrationReport> {
  const before = await withPgClient(url, (c) => readFamilies(c, sample));
  const relationsBefore = await relations(url);
  const locks = await sampleLocks(url, "legendai-migrate");
  const load = await startLoad(url, sample);
  const started = performance.now();
  let error: string | undefined;
  await migrate({ connectionString: url, dir }).catch((e: Error) => (error = e.message));
  const durationMs = Math.round(performance.now() - started);
  const [traffic, held] = [await load.stop(), await locks.stop()];
  const relationsAfter = await relations(url);
  const after = await withPgClient(url, (c) => readFamilies(c, sample));
  const changed = [...relationsAfter.values()].filter((r) => relationsBefore.has(r.table));
  return {
    name: file.name,
    duration_ms: durationMs,
    locks: held,
    rewritten_tables: changed.filter((r) => relationsBefore.get(r.table)!.filenode !== r.filenode).map((r) => r.table),
    size_changes: changed
      .filter((r) => relationsBefore.get(r.table)!.bytes !== r.bytes)
      .map((r) => ({ table: r.table, before_bytes: relationsBefore.get(r.table)!.bytes, after_bytes: r.bytes })),
    writer_max_ms: Math.round(traffic.writerMaxMs),
    reader_max_ms: Math.round(traffic.readerMaxMs),
    plan_changes: planChangesBetween(before, after),
    ...(error ? { error } : {}),
  };
}

/** The pending migrations of the live database, and their key. */
export async function pendingForRehearsal(dir = DEFAULT_MIGRATIONS_DIR) {
  const files = await readMigrations(dir);
  const rows = await withPgClient(directDatabaseUrl(), readRows);
  const pending = pendingMigrations(files, rows);
  return { files, pending, key: rehearsalKey(pending) };
}

async function restoreLatestInto(job: JobRecorder, scratchUrl: string): Promise<string> {
  const latest = await latestBackup();
  if (!latest) throw new RestoreRefusedError("no good backup to rehearse on: take a backup first");
  const local = await fetchToLocal(latest, (bytes) => job.progress(bytes));
  const manifest = await readManifest(local.path);
  job.phase("restoring", manifest?.sizeBytes);
  await replayBackup(scratchUrl, local.path, manifest?.roles ?? null, (bytes) => job.progress(bytes));
  return path.basename(local.path);
}

export async function rehearseWork(job: JobRecorder, dir = DEFAULT_MIGRATIONS_DIR): Promise<RehearsalReport> {
  const startedAt = new Date().toISOString();
  const { files, pending, key } = await pendingForRehearsal(dir);
  const live = directDatabaseUrl();
  const report: RehearsalReport = {
    backup: "",
    checksums: key,
    started_at: startedAt,
    finished_at: "",
    ok: true,
    migrations: [],
  };
  if (!pending.length) {
    job.log("nothing pending: no migration to rehearse");
    return { ...report, finished_at: new Date().toISOString() };
  }
  const scratch = `legendai_rehearsal_${Date.now().toString(36)}`;
  const scratchUrl = withDatabase(live, scratch);
  const folders: string[] = [];
  await withPgClient(live, (c) => c.query(`CREATE DATABASE ${quoteIdent(scratch)}`));
  try {
    report.backup = await restoreLatestInto(job, scratchUrl);
    const firstPending = files.indexOf(pending[0]);
    job.phase("catching-up");
    if (firstPending > 0) {
      folders.push(await migrationsUpTo(dir, files, firstPending - 1));
      await migrate({ connectionString: scratchUrl, dir: folders.at(-1)! }); // what the backup predates and live has
    }
    const sample = await withPgClient(scratchUrl, (client) => hotQuerySample(client));
    for (const file of pending) {
      job.phase("migrating");
      job.log(`rehearsing ${file.name}`);
      folders.push(await migrationsUpTo(dir, files, files.indexOf(file)));
      const result = await rehearseOne(scratchUrl, folders.at(-1)!, file, sample);
      report.migrations.push(result);
      job.log(
        `${file.name}: ${result.duration_ms} ms, writer waited up to ${result.writer_max_ms} ms${result.error ? `, failed: ${result.error}` : ""}`,
      );
      if (result.error) {
        report.ok = false;
        break;
      }
    }
  } finally {
    job.phase("cleaning-up");
    await withPgClient(live, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(scratch)} WITH (FORCE)`));
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  }
  report.finished_at = new Date().toISOString();
  await saveRehearsal(live, report).catch((e: Error) => job.log(`report not kept: ${e.message}`));
  return report;
}

const REHEARSE = defineOperation<RehearsalReport>({
  kind: "rehearse",
  label: "Migration rehearsal",
  summarise: (r) =>
    r.migrations.length
      ? `${r.migrations.length} migration(s) rehearsed on ${r.backup}${r.ok ? "" : ": one failed"}.`
      : "Nothing pending to rehearse.",
});

export function startRehearsal(actor: string, dir?: string): Promise<Started<RehearsalReport>> {
  return REHEARSE.start(actor, (job) => rehearseWork(job, dir));
}
