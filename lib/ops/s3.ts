// S3 (or an S3-compatible store) for off-machine copies: streaming multipart
// uploads with the sha256 in the object's metadata, downloads, listing, retention.
import { createReadStream, createWriteStream } from "node:fs";
import { PRIVATE_FILE_MODE } from "@/lib/ops/private-files";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { env } from "@/lib/env";
import { backupTime, isBackupFileName, manifestPathOf } from "@/lib/ops/names";

export function createS3Client(): S3Client {
  const e = env();
  return new S3Client({
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials:
      e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY }
        : undefined,
    // Many S3-compatible stores reject the SDK's default CRC trailers; our own
    // sha256 (in the metadata, checked on restore) covers integrity.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 2,
    // Transfers may take long; each request that is not one has S3_TIMEOUT_S in all (briefly(), below).
    requestHandler: { connectionTimeout: Math.min(3_000, e.S3_TIMEOUT_S * 1000), requestTimeout: 60_000 },
  });
}

/** The deadline of one S3 request that is not a transfer (a listing, a manifest, a HEAD): S3_TIMEOUT_S. */
const briefly = () => ({ abortSignal: AbortSignal.timeout(env().S3_TIMEOUT_S * 1000) });

/** A HEAD of the bucket: can this instance reach it, with these credentials, now? */
export async function headBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new HeadBucketCommand({ Bucket: bucket }), briefly());
}

export function parseS3Url(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url.trim());
  if (!match) throw new Error(`"${url}" is not an S3 URL: expected s3://bucket/key`);
  return { bucket: match[1], key: match[2] };
}

export async function uploadFile(
  s3: S3Client,
  bucket: string,
  key: string,
  file: string,
  sha256: string,
  onProgress?: (bytes: number) => void,
): Promise<void> {
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file),
      Metadata: { sha256 },
      ContentType: "application/gzip",
    },
    partSize: 8 * 1024 * 1024,
    queueSize: 2,
  });
  upload.on("httpUploadProgress", (p) => p.loaded !== undefined && onProgress?.(p.loaded));
  await upload.done();
}

export async function putText(s3: S3Client, bucket: string, key: string, body: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json" }),
    briefly(),
  );
}

export async function getText(s3: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), briefly());
    return (await object.Body?.transformToString()) ?? null;
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return null;
    throw error;
  }
}

/** Streams an object to a file; returns the sha256 recorded in its metadata (if any) and its size. */
export async function downloadFile(
  s3: S3Client,
  bucket: string,
  key: string,
  file: string,
  onProgress?: (bytes: number) => void,
) {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = object.Body as Readable;
  let bytes = 0;
  body.on("data", (chunk: Buffer) => onProgress?.((bytes += chunk.length)));
  await pipeline(body, createWriteStream(file, { mode: PRIVATE_FILE_MODE }));
  return { sha256: object.Metadata?.sha256 ?? null, size: object.ContentLength ?? bytes };
}

export type S3Backup = { key: string; takenAt: Date; size: number };

export async function listBackups(s3: S3Client, bucket: string): Promise<S3Backup[]> {
  const backups: S3Backup[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }), briefly());
    for (const object of page.Contents ?? []) {
      if (object.Key && isBackupFileName(object.Key))
        backups.push({ key: object.Key, takenAt: backupTime(object.Key)!, size: object.Size ?? 0 });
    }
    token = page.NextContinuationToken;
  } while (token);
  return backups.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Deletes copies older than `keepDays` (and their manifests), never the newest. Returns the deleted keys. */
export async function pruneS3(s3: S3Client, bucket: string, keepDays: number, now = Date.now()): Promise<string[]> {
  const [, ...older] = await listBackups(s3, bucket);
  const old = older.filter((b) => now - b.takenAt.getTime() > keepDays * 86_400_000).map((b) => b.key);
  // A pinned backup (its manifest says so) is kept whatever its age.
  const pinned = await Promise.all(
    old.map(async (key) => {
      const text = await getText(s3, bucket, manifestPathOf(key)).catch(() => null);
      return text !== null && Boolean((JSON.parse(text) as { pinned?: unknown }).pinned);
    }),
  );
  const expired = old.filter((_key, i) => !pinned[i]);
  if (expired.length === 0) return [];
  const keys = expired.flatMap((key) => [key, manifestPathOf(key)]);
  await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
  return expired;
}
