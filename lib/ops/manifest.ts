// The manifest beside each backup: what it holds and how to check it. The
// catalog of backups is read from these files (and from S3), never from the
// database they describe, so it survives a restore of that database.
import { existsSync, statSync } from "node:fs";
import { readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { PRIVATE_FILE_MODE } from "@/lib/ops/private-files";
import path from "node:path";
import { z } from "zod";
import { env } from "@/lib/env";
import { isBackupFileName, manifestPathOf } from "@/lib/ops/names";

const tableStats = z.record(z.string(), z.object({ rows: z.number(), checksum: z.string() }));

export const manifestSchema = z.object({
  version: z.literal(1),
  file: z.string(),
  kind: z.enum(["regular", "safety"]),
  actor: z.string(),
  createdAt: z.string(),
  durationMs: z.number(),
  sizeBytes: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  source: z.object({ database: z.string(), host: z.string(), port: z.string(), user: z.string() }),
  postgresVersion: z.string(),
  migrations: z.array(z.string()),
  tables: tableStats,
  /** When its snapshot was taken and the WAL position then: a PITR drill recovers to it (absent in older manifests). */
  snapshot: z.object({ at: z.string(), lsn: z.string() }).nullable().optional(),
  /** Roles the backup's objects belong or are granted to (absent in older manifests). */
  roles: z.array(z.string()).optional(),
  s3: z
    .object({
      status: z.enum(["uploaded", "failed"]),
      bucket: z.string(),
      key: z.string(),
      at: z.string(),
      error: z.string().optional(),
    })
    .nullable(),
  /** Kept whatever the retention settings say (the data-loss sentinel pins the last backup before a drop). */
  pinned: z.object({ reason: z.string(), at: z.string() }).optional(),
  verification: z
    .object({ at: z.string(), ok: z.boolean(), durationMs: z.number(), problems: z.array(z.string()) })
    .nullable(),
});

export type Manifest = z.infer<typeof manifestSchema>;

export async function writeManifest(backupPath: string, manifest: Manifest): Promise<void> {
  const file = manifestPathOf(backupPath);
  await writeFile(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  await rename(`${file}.tmp`, file);
}

export async function readManifest(backupPath: string): Promise<Manifest | null> {
  const file = manifestPathOf(backupPath);
  if (!existsSync(file)) return null;
  const parsed = manifestSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  return parsed.success ? parsed.data : null;
}

export type CatalogEntry = {
  path: string;
  sizeOnDisk: number;
  manifest: Manifest | null;
  /** Has a manifest, the recorded size, and did not fail a restore drill. */
  good: boolean;
};

/** Where backups are kept, as an absolute path (the operations page shows it). */
export const backupDirectory = () => path.resolve(env().BACKUP_DIR);

/** Why BACKUP_DIR cannot hold backups (something other than a folder is there), or null (a missing one is made). */
export function backupDirProblem(dir = env().BACKUP_DIR): string | null {
  try {
    return statSync(dir).isDirectory() ? null : `BACKUP_DIR (${path.resolve(dir)}) is not a folder`;
  } catch {
    return null;
  }
}

/** Local backups, newest first: every .sql.gz with its manifest (null if it has none or it is unreadable). */
export async function localCatalog(): Promise<CatalogEntry[]> {
  const backupDir = env().BACKUP_DIR;
  if (!existsSync(backupDir) || backupDirProblem(backupDir)) return [];
  const names = (await readdir(backupDir)).filter(isBackupFileName).sort().reverse();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(backupDir, name);
      const [manifest, info] = await Promise.all([readManifest(file).catch(() => null), stat(file)]);
      const good = manifest !== null && manifest.sizeBytes === info.size && manifest.verification?.ok !== false;
      return { path: file, sizeOnDisk: info.size, manifest, good };
    }),
  );
}
