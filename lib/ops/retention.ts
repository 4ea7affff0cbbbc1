// Local retention: backups older than KEEP_DAYS go, the newest good one never does.
import { existsSync } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { localCatalog } from "@/lib/ops/manifest";
import { backupTime, manifestPathOf } from "@/lib/ops/names";

const DAY_MS = 86_400_000;

/** Removes expired backups (and their manifests); returns the removed files. */
export async function pruneLocal(keepDays = env().KEEP_DAYS, now = Date.now()): Promise<string[]> {
  const backupDir = env().BACKUP_DIR;
  const catalog = await localCatalog();
  const newestGood = catalog.find((entry) => entry.good)?.path;
  const removed: string[] = [];
  for (const entry of catalog) {
    const takenAt = backupTime(entry.path)!.getTime();
    if (entry.path === newestGood || now - takenAt <= keepDays * DAY_MS) continue;
    await rm(entry.path, { force: true });
    await rm(manifestPathOf(entry.path), { force: true });
    removed.push(entry.path);
  }
  // Leftovers of backups killed mid-write (a running one's file is younger than a day).
  if (existsSync(backupDir)) {
    for (const name of await readdir(backupDir)) {
      if (!name.endsWith(".partial")) continue;
      const file = path.join(backupDir, name);
      if (now - (await stat(file)).mtimeMs > DAY_MS) await rm(file, { force: true });
    }
  }
  return removed;
}
