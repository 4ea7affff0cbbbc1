// The backup catalog every instance sees alike. Local backups come from this
// instance's BACKUP_DIR; with S3_BUCKET set, the copies in S3 are the shared
// catalog (a backup another instance took is listed, and fetched when it is
// restored or drilled); without S3, every instance announces its backups in
// Redis, so the others list them as held elsewhere and refuse, in words, what
// they cannot reach.
import { rename, rm } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { redis } from "@/lib/db/client";
import { within } from "@/lib/deadline";
import { maskSecrets } from "@/lib/mask";
import { withinMs } from "@/lib/db/redis";
import { env } from "@/lib/env";
import { localCatalog, manifestSchema, writeManifest, type CatalogEntry, type Manifest } from "@/lib/ops/manifest";
import { manifestPathOf } from "@/lib/ops/names";
import { createS3Client, downloadFile, getText, listBackups } from "@/lib/ops/s3";

export type SharedEntry = CatalogEntry & {
  /** Where it can be read from: this instance's disk, S3, or only another instance's disk. */
  location: "local" | "s3" | "elsewhere";
  /** The host that holds the file (for local and elsewhere). */
  holder: string | null;
};

const REDIS_WAIT_MS = 500;
/** Who holds a local backup: this host and its BACKUP_DIR (two instances on one host may have two). */
export const thisHolder = () => `${hostname()}:${path.resolve(env().BACKUP_DIR)}`;
const announcedKey = () => `${env().REDIS_KEY_PREFIX}backups`;

/** Tells the other instances that this one holds `manifest`'s backup (best effort: Redis may be down). */
export async function announceBackup(manifest: Manifest): Promise<void> {
  await withinMs(
    redis().hset(announcedKey(), manifest.file, JSON.stringify({ ...manifest, holder: thisHolder() })),
    REDIS_WAIT_MS,
  ).catch(() => {});
}

async function fromS3(bucket: string, known: Set<string>): Promise<SharedEntry[]> {
  const s3 = createS3Client();
  const objects = (await listBackups(s3, bucket)).filter((o) => !known.has(o.key));
  return Promise.all(
    objects.map(async (o) => {
      const text = await getText(s3, bucket, manifestPathOf(o.key)).catch(() => null);
      const parsed = text ? manifestSchema.safeParse(JSON.parse(text)) : null;
      const manifest = parsed?.success ? parsed.data : null;
      const good = manifest !== null && manifest.sizeBytes === o.size && manifest.verification?.ok !== false;
      return {
        path: `s3://${bucket}/${o.key}`,
        sizeOnDisk: o.size,
        manifest,
        good,
        location: "s3" as const,
        holder: null,
      };
    }),
  );
}

async function fromOtherInstances(known: Set<string>): Promise<SharedEntry[]> {
  const all = await withinMs(redis().hgetall(announcedKey()), REDIS_WAIT_MS).catch(
    () => ({}) as Record<string, string>,
  );
  return Object.entries(all)
    .filter(([name]) => !known.has(name))
    .map(([name, text]) => {
      const { holder, ...rest } = JSON.parse(text) as Manifest & { holder: string };
      const parsed = manifestSchema.safeParse(rest);
      const manifest = parsed.success ? parsed.data : null;
      return {
        path: name,
        sizeOnDisk: manifest?.sizeBytes ?? 0,
        manifest,
        good: manifest !== null,
        location: "elsewhere" as const,
        holder,
      };
    })
    .filter((e) => e.holder !== thisHolder());
}

/** Every backup this instance can see, newest first; `problem` says what could not be read (S3 not answering). */
export async function readSharedCatalog(): Promise<{ entries: SharedEntry[]; problem: string | null }> {
  const local: SharedEntry[] = (await localCatalog()).map((e) => ({ ...e, location: "local", holder: thisHolder() }));
  const known = new Set(local.map((e) => path.basename(e.path)));
  const { S3_BUCKET: bucket, S3_TIMEOUT_S: seconds } = env();
  let problem: string | null = null;
  const others = bucket
    ? await within(fromS3(bucket, known), seconds * 1000 + 500, `S3 (${bucket})`).catch((error: Error) => {
        problem = `the copies in s3://${bucket} could not be listed: ${maskSecrets(error.message || error.name)}`;
        return [];
      })
    : await fromOtherInstances(known);
  const entries = [...local, ...others].sort((a, b) => path.basename(b.path).localeCompare(path.basename(a.path)));
  return { entries, problem };
}

/** Every backup this instance can see, newest first. */
export const sharedCatalog = async (): Promise<SharedEntry[]> => (await readSharedCatalog()).entries;

/**
 * Makes `entry` a local backup: an S3 copy is downloaded (checked against its
 * sha256) with its manifest into BACKUP_DIR; one held only by another
 * instance is refused with what to do instead.
 */
export async function fetchToLocal(entry: SharedEntry, onBytes?: (bytes: number) => void): Promise<CatalogEntry> {
  if (entry.location === "local") return entry;
  const name = path.basename(entry.path);
  if (entry.location === "elsewhere") {
    throw new Error(
      `${name} is held by ${entry.holder ?? "another instance"}, whose disk this instance cannot read: ` +
        `run this there, share BACKUP_DIR between the instances, or set S3_BUCKET`,
    );
  }
  const { pathname, host: bucket } = new URL(entry.path);
  const key = pathname.slice(1);
  const target = path.join(env().BACKUP_DIR, name);
  const partial = path.join(env().BACKUP_DIR, `.restore-fetch-${name}`);
  const downloaded = await downloadFile(createS3Client(), bucket, key, partial, onBytes);
  if (entry.manifest && downloaded.sha256 !== null && downloaded.sha256 !== entry.manifest.sha256) {
    await rm(partial, { force: true });
    throw new Error(`${name} in S3 does not match its recorded sha256`);
  }
  await rename(partial, target);
  if (entry.manifest) await writeManifest(target, entry.manifest);
  return { path: target, sizeOnDisk: entry.sizeOnDisk, manifest: entry.manifest, good: entry.good };
}
