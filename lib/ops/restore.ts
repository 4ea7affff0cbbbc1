// A restore: verify the backup before touching anything, replay it
// all-or-nothing with fresh planner statistics (ANALYZE before the commit)
// while the previous data is kept aside in the same transaction, drop cached
// results that no longer describe the data, report migrations and row counts
// against the manifest, then write the previous data to a safety backup.
import { existsSync } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { directDatabaseUrl, env } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import { queryCache } from "@/lib/db/cache";
import { migrationStatus, type MigrationStatusReport } from "@/lib/db/migrations/status";
import { auditCarrySql, readAuditSince } from "@/lib/ops/audit-carry";
import { CARRIED_TABLES, readSecurityState, securityCarrySql } from "@/lib/ops/security-carry";
import { hashFile, inspectBackup } from "@/lib/ops/dump";
import { takeBackup } from "@/lib/ops/backup";
import { ASIDE_PREFIX, asideStamp, whyNotAside } from "@/lib/ops/aside";
import { writeAsideCopies } from "@/lib/ops/aside-copy";
import { withPgClient } from "@/lib/db/pg-client";
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { readManifest, manifestSchema, type CatalogEntry, type Manifest } from "@/lib/ops/manifest";
import { manifestPathOf } from "@/lib/ops/names";
import { defineOperation, type Started } from "@/lib/ops/operation";
import { fetchToLocal, sharedCatalog, type SharedEntry } from "@/lib/ops/catalog";
import { beginRestore } from "@/lib/ops/psql";
import { createS3Client, downloadFile, getText, parseS3Url } from "@/lib/ops/s3";
import { compareStats, readTableStatsInParallel } from "@/lib/ops/table-stats";

/**
 * What to restore. `expected` names the backup the person confirmed: if a newer
 * one has appeared since, the restore is refused rather than restoring another.
 */
export type RestoreSource =
  { kind: "latest"; expected?: string } | { kind: "file"; path: string } | { kind: "s3"; url: string };

export type RestoreResult = {
  restored: string;
  /** The previous data's backup file (null only when it could not be written: see safetyProblem). */
  safetyBackup: string | null;
  safetyProblem: string | null;
  migrations: Pick<MigrationStatusReport, "current" | "head" | "counts">;
  /** Empty when every table has the manifest's row count and content. */
  differences: string[];
  cacheCleared: boolean;
  /** How long writes waited while the restore held the tables (from the safety backup's snapshot to the commit). */
  writesHeldMs: number;
  /** Owners and grants the restoring role could not give back (empty when all came back). */
  notRestored: string[];
};

/** A restore refused before anything was touched; its message is for the person who asked. */
export class RestoreRefusedError extends UserFacingError {}

type Resolved = {
  file: string;
  manifest: Manifest | null;
  expectedSha256: string | null;
  cleanup: () => Promise<void>;
};

/** The newest good regular backup in a catalog (safety backups are for undoing a restore, not for --latest). */
export const latestIn = <T extends CatalogEntry>(catalog: T[]): T | null =>
  catalog.find((e) => e.good && e.manifest?.kind === "regular") ?? null;

/** The newest good backup any instance took: local, in S3, or held by another instance. */
export async function latestBackup() {
  return latestIn(await sharedCatalog());
}

/** The newest good backup, checked against the one the person confirmed (if they named one). */
async function confirmedLatest(expected: string | undefined): Promise<SharedEntry> {
  const entry = await latestBackup();
  if (!entry) {
    const where = env().S3_BUCKET ? `${env().BACKUP_DIR} or s3://${env().S3_BUCKET}` : env().BACKUP_DIR;
    throw new RestoreRefusedError(`There is no good backup in ${where} to restore.`);
  }
  const name = path.basename(entry.path);
  if (expected !== undefined && name !== expected) {
    throw new RestoreRefusedError(
      `The latest backup is now ${name}, not the one you confirmed (${expected}): reload and check it.`,
    );
  }
  return entry;
}

async function resolveSource(job: JobRecorder, source: RestoreSource): Promise<Resolved> {
  const config = env();
  const none = async () => {};
  if (source.kind === "latest") {
    const shared = await confirmedLatest(source.expected);
    if (shared.location !== "local") job.phase("downloading", shared.sizeOnDisk);
    const entry = await fetchToLocal(shared, (bytes) => job.progress(bytes)).catch((error: Error) => {
      throw new RestoreRefusedError(`${error.message}. The database was not touched.`);
    });
    return { file: entry.path, manifest: entry.manifest, expectedSha256: entry.manifest!.sha256, cleanup: none };
  }
  if (source.kind === "file") {
    if (!existsSync(source.path)) throw new RestoreRefusedError(`${source.path} does not exist`);
    const manifest = await readManifest(source.path);
    return { file: source.path, manifest, expectedSha256: manifest?.sha256 ?? null, cleanup: none };
  }
  const { bucket, key } = parseS3Url(source.url);
  const s3 = createS3Client();
  const file = path.join(config.BACKUP_DIR, `.restore-${job.id}-${path.basename(key)}`);
  job.phase("downloading");
  const downloaded = await downloadFile(s3, bucket, key, file, (bytes) => job.progress(bytes)).catch((error: Error) => {
    throw new RestoreRefusedError(`could not download ${source.url}: ${error.message || error.name}`);
  });
  const manifestText = await getText(s3, bucket, manifestPathOf(key)).catch(() => null);
  const parsed = manifestText ? manifestSchema.safeParse(JSON.parse(manifestText)) : null;
  const manifest = parsed?.success ? parsed.data : null;
  return {
    file,
    manifest,
    expectedSha256: downloaded.sha256 ?? manifest?.sha256 ?? null,
    cleanup: () => rm(file, { force: true }),
  };
}

/** Refuses a corrupt, truncated or altered file before anything is touched. */
async function verifyFile(job: JobRecorder, resolved: Resolved): Promise<void> {
  job.phase("verifying", (await stat(resolved.file)).size);
  const progress = (bytes: number) => job.progress(bytes);
  // A recorded sha256 names a file that was checked complete when it was made: matching it is enough.
  // Without one, the whole file is decompressed and its end-of-dump marker looked for.
  const check = resolved.expectedSha256
    ? { sha256: await hashFile(resolved.file, progress), complete: true, error: null }
    : await inspectBackup(resolved.file, progress);
  if (resolved.expectedSha256 && check.sha256 !== resolved.expectedSha256) {
    throw new RestoreRefusedError(
      `${path.basename(resolved.file)} does not match its recorded sha256: it is corrupt or was changed. The database was not touched.`,
    );
  }
  if (check.error || !check.complete) {
    throw new RestoreRefusedError(
      `${path.basename(resolved.file)} is ${check.error ? `unreadable (${check.error})` : "truncated (no end-of-dump marker)"}. The database was not touched.`,
    );
  }
  if (!resolved.expectedSha256)
    job.log("no manifest or recorded sha256: checked that the file decompresses completely instead");
}

/**
 * Tables left out of the check against the manifest: those carried over the
 * restore (the audit log, sessions, throttles), and those the app's own
 * periodic work writes whenever it runs (incident evaluation, snapshots,
 * wait samples and plan latency every few seconds), which may land the moment
 * the restore commits.
 */
const NOT_COMPARED = new Set<string>([
  ...CARRIED_TABLES,
  "alert_incidents",
  "monitor_checks",
  "monitor_ticks",
  "relation_snapshots",
  "statement_snapshots",
  "wait_samples",
  "wait_sample_minutes",
  "query_plans",
  "query_plan_latency",
]);
const withoutCarried = <T>(tables: Record<string, T>) =>
  Object.fromEntries(Object.entries(tables).filter(([name]) => !NOT_COMPARED.has(name)));

export async function restoreWork(job: JobRecorder, source: RestoreSource, actor: string): Promise<RestoreResult> {
  const resolved = await resolveSource(job, source);
  try {
    await verifyFile(job, resolved);
    const earlier = await writeAsideCopies(job, actor);
    if (earlier.length)
      job.log(`an earlier restore's previous data was still kept aside: written to ${earlier.join(", ")}`);
    job.log(
      `restoring ${path.basename(resolved.file)}${resolved.manifest ? ` taken ${resolved.manifest.createdAt}` : ""}`,
    );
    // From here until the restore commits, writes wait: none can fall between the previous data and the restore.
    job.phase("holding-writes");
    const session = await beginRestore(directDatabaseUrl(), job.signal);
    const replaced = await replaceData(job, session, resolved, actor).catch(async (error) => {
      await session.abort();
      throw error;
    });
    const { replayed, safetyBefore } = replaced;
    const cacheCleared = await clearCachedResults(job);
    job.log(
      `restored data committed and served${safetyBefore ? "" : "; the previous data is kept aside in the database until its safety backup is written"}`,
    );
    job.log(`writes waited ${(replayed.writesHeldMs / 1000).toFixed(1)} s while the restore held the tables`);
    for (const line of replayed.notRestored) job.log(line);

    job.phase("checking");
    const report = await migrationStatus({ connectionString: directDatabaseUrl() });
    const expected = withoutCarried(resolved.manifest?.tables ?? {});
    const now = withoutCarried(await currentStats(directDatabaseUrl()));
    const differences = resolved.manifest ? compareStats(expected, now) : [];
    for (const line of differences) job.log(`difference: ${line}`);
    const safety = safetyBefore ? { path: safetyBefore, problem: null } : await safetyAfter(job, actor);
    return {
      restored: path.basename(resolved.file),
      safetyBackup: safety.path,
      safetyProblem: safety.problem,
      migrations: { current: report.current, head: report.head, counts: report.counts },
      differences,
      cacheCleared,
      writesHeldMs: replayed.writesHeldMs,
      notRestored: replayed.notRestored,
    };
  } finally {
    await resolved.cleanup();
  }
}

/**
 * Inside the restore's transaction: the previous data kept aside (or, where it
 * cannot be, backed up to a file from the transaction's snapshot), the rows
 * carried over the restore read, the backup replayed, ANALYZE, commit.
 */
async function replaceData(
  job: JobRecorder,
  session: Awaited<ReturnType<typeof beginRestore>>,
  resolved: Resolved,
  actor: string,
) {
  const stamp = asideStamp();
  const whyNot = await withPgClient(directDatabaseUrl(), (c) => whyNotAside(c, stamp), "legendai-restore");
  let safetyBefore: string | null = null;
  if (whyNot) {
    job.log(`${whyNot}: the current data is backed up to a file before the replay instead of kept aside`);
    job.phase("safety-backup");
    safetyBefore = (await takeBackup(job, { actor, kind: "safety", s3Bucket: null, snapshot: session.snapshot })).path;
    job.log(`safety backup of the current database: ${safetyBefore}`);
  }
  // Entries from about when the backup began (an hour's margin) onwards; all of them without a manifest.
  const since = resolved.manifest
    ? new Date(Date.parse(resolved.manifest.createdAt) - resolved.manifest.durationMs - 3_600_000)
    : null;
  const carried = await readAuditSince(directDatabaseUrl(), since);
  const security = await readSecurityState(directDatabaseUrl());
  job.phase("restoring", resolved.manifest?.sizeBytes ?? null);
  const replayed = await session.replay(resolved.file, {
    roles: resolved.manifest?.roles ?? null,
    asideStamp: whyNot ? null : stamp,
    // The planner's statistics, in the same transaction: the restored data never shows without them.
    afterSql: `${auditCarrySql(carried)}\n${securityCarrySql(security)}\nANALYZE;`,
    onBytes: (bytes) => job.progress(bytes),
  });
  if (carried.length) job.log(`kept the ${carried.length} audit log entries written since the backup`);
  job.log(`kept sessions and sign-in throttles as they were (${security.sessions.length} sessions)`);
  job.log("planner statistics refreshed (ANALYZE) before the commit");
  return { replayed, safetyBefore };
}

/** Cached results describe the data that was replaced: dropped as soon as the restore commits. */
const clearCachedResults = (job: JobRecorder) =>
  queryCache()
    .clear()
    .then(
      () => true,
      (error: Error) => {
        job.log(`could not clear cached results (${error.message}); they expire within their TTL`);
        return false;
      },
    );

/** The kept-aside data written to its safety backup; a failure is reported, and the data stays safe in the database. */
async function safetyAfter(job: JobRecorder, actor: string): Promise<{ path: string | null; problem: string | null }> {
  job.phase("safety-backup");
  try {
    const [written] = await writeAsideCopies(job, actor);
    return { path: written ?? null, problem: null };
  } catch (error) {
    const problem = `the previous data is kept aside in the database (schemas ${ASIDE_PREFIX}*), but its safety backup could not be written: ${(error as Error).message}. The next restore writes it first.`;
    job.log(problem);
    return { path: null, problem };
  }
}

/** Two connections: the final check reads every row, and the machine this was measured on has two cores. */
const currentStats = (databaseUrl: string) => readTableStatsInParallel(databaseUrl, 2, "legendai-restore");

const RESTORE = defineOperation<RestoreResult>({
  kind: "restore",
  label: "Restore",
  summarise: (r) => {
    const differences = r.differences.length
      ? `Differences: ${r.differences.join("; ")}`
      : "Every table matches the backup's manifest.";
    const kept = r.notRestored.length ? ` Not restored: ${r.notRestored.join("; ")}.` : "";
    const safety = r.safetyProblem ? ` ${r.safetyProblem}` : "";
    return `Restored ${r.restored}. ${differences} Writes waited ${(r.writesHeldMs / 1000).toFixed(1)} s.${kept}${safety}`;
  },
  subject: (r) => r.restored,
});

/** Starts a restore; a confirmed backup that is no longer the latest is refused at once, before the job. */
export async function startRestore(source: RestoreSource, actor: string): Promise<Started<RestoreResult>> {
  if (source.kind === "latest") {
    const latest = await confirmedLatest(source.expected);
    if (latest.location === "elsewhere")
      await fetchToLocal(latest).catch((error: Error) => {
        throw new RestoreRefusedError(`${error.message}. The database was not touched.`);
      });
  }
  return RESTORE.start(actor, (job) => restoreWork(job, source, actor));
}
