// A restore: verify the backup before touching anything, replay it
// all-or-nothing with fresh planner statistics (ANALYZE before the commit)
// while the previous data is kept aside in the same transaction, drop cached
// results that no longer describe the data, report migrations and row counts
// against the manifest, then write the previous data to a safety backup.
import path from "node:path";
import { directDatabaseUrl } from "@/lib/env";
import { queryCache } from "@/lib/db/cache";
import { migrationStatus, type MigrationStatusReport } from "@/lib/db/migrations/status";
import { withPgClient } from "@/lib/db/pg-client";
import { auditCarrySql, readAuditSince } from "@/lib/ops/audit-carry";
import { CARRIED_TABLES, readSecurityState, securityCarrySql } from "@/lib/ops/security-carry";
import { takeBackup } from "@/lib/ops/backup";
import { ASIDE_PREFIX, asideStamp, whyNotAside } from "@/lib/ops/aside";
import { writeAsideCopies } from "@/lib/ops/aside-copy";
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { defineOperation, type Started } from "@/lib/ops/operation";
import { fetchToLocal } from "@/lib/ops/catalog";
import { beginRestore } from "@/lib/ops/psql";
import {
  confirmedLatest,
  resolveSource,
  RestoreRefusedError,
  verifyFile,
  type Resolved,
  type RestoreSource,
} from "@/lib/ops/restore-source";
import { compareStats, readTableStatsInParallel } from "@/lib/ops/table-stats";

export { latestBackup, latestIn, RestoreRefusedError, type RestoreSource } from "@/lib/ops/restore-source";

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
