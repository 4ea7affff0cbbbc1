// Backup file names: legendai_db_YYYYMMDD_HHMMSS.sql.gz (UTC), with a
// manifest beside each one.
import path from "node:path";
import { BACKUP_FILE as PATTERN } from "@/lib/validation";

export function backupFileName(at: Date): string {
  const iso = at.toISOString(); // UTC: names sort in time order on every machine
  return `legendai_db_${iso.slice(0, 10).replace(/-/g, "")}_${iso.slice(11, 19).replace(/:/g, "")}.sql.gz`;
}

export function isBackupFileName(name: string): boolean {
  return PATTERN.test(path.basename(name));
}

/** When a backup was taken, read from its name (null if it is not one of ours). */
export function backupTime(name: string): Date | null {
  const match = PATTERN.exec(path.basename(name));
  if (!match) return null;
  const [, d, t] = match;
  return new Date(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`,
  );
}

export const manifestPathOf = (backupPath: string) => backupPath.replace(/\.sql\.gz$/, ".manifest.json");
/** Where a backup is written until it is complete and checked. */
export const partialPathOf = (backupPath: string) =>
  path.join(path.dirname(backupPath), `.${path.basename(backupPath)}.partial`);
