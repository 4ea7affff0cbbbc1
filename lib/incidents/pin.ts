// Pinning a backup: its manifest says so, and local and S3 retention keep it
// whatever its age (the data-loss sentinel pins the last backup before a drop).
import { announceBackup, type SharedEntry } from "@/lib/ops/catalog";
import { manifestSchema, writeManifest } from "@/lib/ops/manifest";
import { manifestPathOf } from "@/lib/ops/names";
import { createS3Client, getText, putText } from "@/lib/ops/s3";

export async function pinBackup(entry: SharedEntry, reason: string, now = new Date()): Promise<void> {
  if (!entry.manifest || entry.manifest.pinned) return;
  const pinned = { ...entry.manifest, pinned: { reason, at: now.toISOString() } };
  if (entry.location === "local") {
    await writeManifest(entry.path, pinned);
    await announceBackup(pinned);
  } else if (entry.location === "s3") {
    const { host: bucket, pathname } = new URL(entry.path);
    const s3 = createS3Client();
    const key = manifestPathOf(pathname.slice(1));
    const current = manifestSchema.parse(JSON.parse((await getText(s3, bucket, key)) ?? "null"));
    await putText(s3, bucket, key, JSON.stringify({ ...current, pinned: pinned.pinned }, null, 2));
  } else {
    throw new Error(`it is held by ${entry.holder ?? "another instance"}; pin it there`);
  }
}
