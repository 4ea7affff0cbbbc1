// A backup: pg_dump | gzip into a temporary file, checked, renamed, described
// by a manifest, copied to S3 if configured, then old backups pruned.
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { makePrivateDir, makePrivateFile } from "@/lib/ops/private-files";
import path from "node:path";
import { directDatabaseUrl, env } from "@/lib/env";
import { maskSecrets } from "@/lib/mask";
import type { AsideSchema } from "@/lib/ops/aside";
import { dumpToFile, hashFile } from "@/lib/ops/dump";
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { megabytes } from "@/lib/ops/job-progress";
import { localCatalog, writeManifest, type Manifest } from "@/lib/ops/manifest";
import { backupFileName, manifestPathOf, partialPathOf } from "@/lib/ops/names";
import { defineOperation, type Started } from "@/lib/ops/operation";
import { announceBackup } from "@/lib/ops/catalog";
import { requireTool } from "@/lib/ops/pg-tools";
import { pruneLocal } from "@/lib/ops/retention";
import { createS3Client, pruneS3, putText, uploadFile } from "@/lib/ops/s3";

export type BackupOptions = {
  actor: string;
  /** --keep-days (default KEEP_DAYS). */
  keepDays?: number;
  /** --s3-bucket (default S3_BUCKET; null: no upload). */
  s3Bucket?: string | null;
};

export type BackupResult = {
  path: string;
  sizeBytes: number;
  sha256: string;
  durationMs: number;
  /** null when no bucket is configured. */
  s3: { ok: boolean; message: string } | null;
  pruned: string[];
};

async function freeName(dir: string): Promise<string> {
  // Two backups in one second would share a name: wait for the next second.
  for (;;) {
    const file = path.join(dir, backupFileName(new Date()));
    if (!existsSync(file) && !existsSync(partialPathOf(file))) return file;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Which database a backup is of, as its manifest records it. */
export function describeSource(databaseUrl: string): Manifest["source"] {
  const url = new URL(databaseUrl);
  return {
    database: decodeURIComponent(url.pathname.slice(1)),
    host: url.hostname,
    port: url.port || "5432",
    user: decodeURIComponent(url.username),
  };
}

type TakeOptions = BackupOptions & { kind?: Manifest["kind"]; snapshot?: string; aside?: AsideSchema[] };

/**
 * Dumps into `file` through its partial name, reads it back, and renames it
 * into place: a failure leaves nothing behind. Returns its manifest.
 */
async function dumpChecked(job: JobRecorder, file: string, options: TakeOptions): Promise<Manifest> {
  const partial = partialPathOf(file);
  try {
    const dump = await dumpToFile(directDatabaseUrl(), partial, (bytes) => job.progress(bytes), {
      snapshot: options.snapshot,
      aside: options.aside,
      signal: job.signal,
    });
    if (!dump.complete) throw new Error("the dump is incomplete: pg_dump's output has no completion line");
    // Read back from disk: the bytes there are the bytes that were written (the gzip stream was checked as it was made).
    job.phase("verifying", dump.sizeBytes);
    const onDisk = await hashFile(partial, (bytes) => job.progress(bytes));
    if (onDisk !== dump.sha256) throw new Error("the file on disk differs from what was written (disk error?)");
    await makePrivateFile(partial);
    await rename(partial, file);
    return {
      version: 1,
      file: path.basename(file),
      kind: options.kind ?? "regular",
      actor: options.actor,
      createdAt: new Date().toISOString(),
      durationMs: 0,
      sizeBytes: dump.sizeBytes,
      sha256: dump.sha256,
      source: describeSource(directDatabaseUrl()),
      postgresVersion: dump.postgresVersion,
      migrations: dump.migrations,
      roles: dump.roles,
      snapshot: dump.snapshotAt,
      tables: dump.tables,
      s3: null,
      verification: null,
    };
  } catch (error) {
    await rm(partial, { force: true });
    const message =
      (error as NodeJS.ErrnoException).code === "ENOSPC"
        ? `the disk is full (${env().BACKUP_DIR}); nothing was kept`
        : (error as Error).message;
    throw new Error(`backup failed: ${maskSecrets(message)}`);
  }
}

/** Local retention, then S3's (a restore's safety backup prunes nothing: the backup being restored may be old). */
async function prune(job: JobRecorder, options: TakeOptions, bucket: string | null): Promise<string[]> {
  const config = env();
  job.phase("cleaning-up");
  const pruned = await pruneLocal(options.keepDays ?? config.KEEP_DAYS);
  for (const removed of pruned) job.log(`retention: removed ${path.basename(removed)}`);
  if (bucket) {
    const prunedS3 = await pruneS3(createS3Client(), bucket, config.S3_KEEP_DAYS).catch((e: Error) => {
      job.log(`S3 retention skipped: ${e.message}`);
      return [];
    });
    for (const key of prunedS3) job.log(`S3 retention: removed s3://${bucket}/${key}`);
  }
  return pruned;
}

/**
 * The backup itself, inside an operation. A restore's safety backup calls it
 * too: with `aside`, the data the restore kept aside, after its commit; or,
 * where data cannot be kept aside, with `snapshot`, the state its restore
 * transaction holds still, before the replay.
 */
export async function takeBackup(job: JobRecorder, options: TakeOptions): Promise<BackupResult> {
  const config = env();
  requireTool("pg_dump");
  const started = performance.now();
  await makePrivateDir(config.BACKUP_DIR);
  const file = await freeName(config.BACKUP_DIR);
  // The previous backup's size is the estimate of this one's: a progress bar and a time left from the start.
  const previous = (await localCatalog()).find((e) => e.manifest?.kind === "regular")?.manifest?.sizeBytes ?? null;
  job.phase("dumping", previous, { estimated: true });
  job.log(`dumping ${describeSource(directDatabaseUrl()).database} to ${file}`);
  const manifest = await dumpChecked(job, file, options);
  manifest.durationMs = Math.round(performance.now() - started);
  await writeManifest(file, manifest);
  await announceBackup(manifest);
  job.log(`saved ${file} (${manifest.sizeBytes} bytes, sha256 ${manifest.sha256.slice(0, 12)}…)`);

  const bucket = options.s3Bucket === undefined ? (config.S3_BUCKET ?? null) : options.s3Bucket;
  const s3 = bucket ? await copyToS3(job, bucket, file, manifest) : null;
  const result = {
    path: file,
    sizeBytes: manifest.sizeBytes,
    sha256: manifest.sha256,
    durationMs: manifest.durationMs,
    s3,
  };
  if (options.kind === "safety") return { ...result, pruned: [] };
  return { ...result, pruned: await prune(job, options, s3?.ok ? bucket : null) };
}

/** An S3 failure keeps the local backup and says so; it does not fail the backup. */
async function copyToS3(
  job: JobRecorder,
  bucket: string,
  file: string,
  manifest: Manifest,
): Promise<NonNullable<BackupResult["s3"]>> {
  const key = path.basename(file);
  job.phase("uploading", manifest.sizeBytes);
  try {
    const s3 = createS3Client();
    await uploadFile(s3, bucket, key, file, manifest.sha256, (bytes) => job.progress(bytes));
    manifest.s3 = { status: "uploaded", bucket, key, at: new Date().toISOString() };
    await putText(s3, bucket, manifestPathOf(key), JSON.stringify(manifest, null, 2));
    await writeManifest(file, manifest);
    job.log(`uploaded to s3://${bucket}/${key}`);
    return { ok: true, message: `uploaded to s3://${bucket}/${key}` };
  } catch (error) {
    const reason = maskSecrets((error as Error).message || (error as Error).name);
    manifest.s3 = { status: "failed", bucket, key, at: new Date().toISOString(), error: reason };
    await writeManifest(file, manifest);
    job.log(`saved locally, upload failed: ${reason}`);
    return { ok: false, message: `saved locally, upload failed: ${reason}` };
  }
}

const BACKUP = defineOperation<BackupResult>({
  kind: "backup",
  label: "Backup",
  summarise: (r) => `Saved ${path.basename(r.path)} (${megabytes(r.sizeBytes)})${r.s3 ? `; ${r.s3.message}` : ""}.`,
  subject: (r) => path.basename(r.path),
});

/** Starts a backup (refused at once if a backup or restore is running). */
export function startBackup(options: BackupOptions): Promise<Started<BackupResult>> {
  return BACKUP.start(options.actor, (job) => takeBackup(job, options));
}
