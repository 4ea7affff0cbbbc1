// Local retention: backups older than KEEP_DAYS go; the newest good one and pinned ones never do.
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import { backupDirProblem, localCatalog } from "@/lib/ops/manifest";
import { backupTime, manifestPathOf } from "@/lib/ops/names";

const DAY_MS = 86_400_000;

/** Removes expired backups (and their manifests); returns the removed files. */
export async function pruneLocal(keepDays = env().KEEP_DAYS, now = Date.now()): Promise<string[]> {
  const catalog = await localCatalog();
  const newestGood = catalog.find((entry) => entry.good)?.path;
  const removed: string[] = [];
  for (const entry of catalog) {
    const takenAt = backupTime(entry.path)!.getTime();
    if (entry.path === newestGood || entry.manifest?.pinned || now - takenAt <= keepDays * DAY_MS) continue;
    await rm(entry.path, { force: true });
    await rm(manifestPathOf(entry.path), { force: true });
    removed.push(entry.path);
  }
  return removed;
}

/**
 * Removes what killed operations left: half-written backups (`.*.partial`)
 * and S3 downloads (`.restore-*`). Called holding the one-at-a-time lock, when
 * no operation of any process can own them.
 */
export async function removeLeftovers(backupDir: string): Promise<string[]> {
  const problem = backupDirProblem(backupDir);
  if (problem) throw new UserFacingError(`${problem}: no backup can be written there`);
  if (!existsSync(backupDir)) return [];
  const leftovers = (await readdir(backupDir)).filter(
    (name) => name.endsWith(".partial") || name.startsWith(".restore-"),
  );
  await Promise.all(leftovers.map((name) => rm(path.join(backupDir, name), { force: true })));
  return leftovers;
}
