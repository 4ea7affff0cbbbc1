// Can BACKUP_DIR hold a backup right now? Not only "is it a folder": a real
// write (a small file, written and removed), so that a read-only mount or a
// full disk is known before a backup runs, not by its failure. A folder that
// does not exist yet is fine when it can be made (the first backup makes it);
// one whose parent is missing too is a mount that is not there.
import { rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { within } from "@/lib/deadline";
import { env } from "@/lib/env";
import { makePrivateDir } from "@/lib/ops/private-files";

/** A disk that does not answer (a hung network mount) is a problem too. */
const CHECK_DEADLINE_MS = 2_000;
const PROBE_BYTES = 4096;

function wordsFor(error: NodeJS.ErrnoException, dir: string): string {
  if (error.code === "EROFS") return `BACKUP_DIR (${dir}) is on a read-only file system`;
  if (error.code === "EACCES" || error.code === "EPERM") return `BACKUP_DIR (${dir}) is not writable by this process`;
  if (error.code === "ENOSPC" || error.code === "EDQUOT") return `BACKUP_DIR (${dir}) is full`;
  return `BACKUP_DIR (${dir}) cannot be written: ${error.message}`;
}

async function check(dir: string): Promise<string | null> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    return null;
  });
  if (info && !info.isDirectory()) return `BACKUP_DIR (${dir}) is not a folder`;
  if (!info) {
    const parent = await stat(path.dirname(dir)).catch(() => null);
    if (!parent?.isDirectory())
      return `BACKUP_DIR (${dir}) does not exist, nor does ${path.dirname(dir)} (is a volume not mounted?)`;
  }
  const probe = path.join(info ? dir : path.dirname(dir), `.legendai-write-check-${process.pid}`);
  try {
    await writeFile(probe, Buffer.alloc(PROBE_BYTES), { mode: 0o600 });
  } catch (error) {
    return wordsFor(error as NodeJS.ErrnoException, dir);
  } finally {
    await rm(probe, { force: true });
  }
  return null;
}

/** Why no backup can be written to BACKUP_DIR now (missing, not a folder, read-only, full, not answering), or null. */
export async function probeBackupDir(dir = path.resolve(env().BACKUP_DIR)): Promise<string | null> {
  return within(check(dir), CHECK_DEADLINE_MS, `BACKUP_DIR (${dir})`).catch((error: Error) => error.message);
}

/** Makes BACKUP_DIR if it can be made, or says why it cannot hold a backup. */
export async function usableBackupDir(): Promise<string | null> {
  const problem = await probeBackupDir();
  if (problem) return problem;
  await makePrivateDir(env().BACKUP_DIR);
  return null;
}
