// Where a restore's backup comes from (the newest good one, a file, S3) and
// the check that it is whole, both before anything is touched.
import { existsSync } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import { hashFile, inspectBackup } from "@/lib/ops/dump";
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { readManifest, manifestSchema, type CatalogEntry, type Manifest } from "@/lib/ops/manifest";
import { manifestPathOf } from "@/lib/ops/names";
import { fetchToLocal, sharedCatalog, type SharedEntry } from "@/lib/ops/catalog";
import { createS3Client, downloadFile, getText, parseS3Url } from "@/lib/ops/s3";

/**
 * What to restore. `expected` names the backup the person confirmed: if a newer
 * one has appeared since, the restore is refused rather than restoring another.
 */
export type RestoreSource =
  { kind: "latest"; expected?: string } | { kind: "file"; path: string } | { kind: "s3"; url: string };

/** A restore refused before anything was touched; its message is for the person who asked. */
export class RestoreRefusedError extends UserFacingError {}

export type Resolved = {
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
export async function confirmedLatest(expected: string | undefined): Promise<SharedEntry> {
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

export async function resolveSource(job: JobRecorder, source: RestoreSource): Promise<Resolved> {
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
export async function verifyFile(job: JobRecorder, resolved: Resolved): Promise<void> {
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
