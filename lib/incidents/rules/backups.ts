// Rules about backups and drills: none recent, one failed, a drill overdue,
// the disk too small for the next one, and the data-loss sentinel.
import path from "node:path";
import type { SharedEntry } from "@/lib/ops/catalog";
import { count, DAY, HOUR, hours, megabytes, type Condition, type Rule } from "./rule";

const createdAt = (b: SharedEntry) => (b.manifest ? new Date(b.manifest.createdAt) : null);

export const BACKUP_RULES: Rule[] = [
  {
    id: "backup_stale",
    title: "No recent good backup",
    needs: ["backups"],
    forMs: 0,
    evaluate: ({ backups, now }, s) => {
      const newest = backups.find((b) => b.good && b.manifest?.kind === "regular");
      if (!newest) return [{ subject: "", summary: "there is no good backup at all" }];
      const age = now.getTime() - createdAt(newest)!.getTime();
      return age > s.backupMaxAgeHours * HOUR
        ? [{ subject: "", summary: `the last good backup is ${hours(age)} old (limit ${s.backupMaxAgeHours} h)` }]
        : [];
    },
  },
  {
    id: "operation_failed",
    title: "A backup, upload or drill failed",
    needs: ["lastBackup", "lastDrill", "backups"],
    forMs: 0,
    evaluate: ({ lastBackup, lastDrill, backups }) => {
      const failed: Condition[] = [];
      if (lastBackup && !lastBackup.ok)
        failed.push({
          subject: "backup",
          summary: `the last backup failed: ${lastBackup.message ?? "no reason given"}`,
        });
      if (lastDrill && !lastDrill.ok)
        failed.push({
          subject: "drill",
          summary: `the last restore drill failed: ${lastDrill.message ?? "no reason given"}`,
        });
      const newest = backups.find((b) => b.manifest?.kind === "regular" && b.location === "local");
      if (newest?.manifest?.s3?.status === "failed")
        failed.push({
          subject: "upload",
          summary: `${path.basename(newest.path)} was saved locally but its S3 upload failed: ${newest.manifest.s3.error ?? "no reason given"}`,
        });
      return failed;
    },
  },
  {
    id: "drill_overdue",
    title: "No recent restore drill",
    needs: ["lastGoodDrill"],
    forMs: 0,
    evaluate: ({ lastGoodDrill, now }, s) => {
      if (!lastGoodDrill) return [{ subject: "", summary: "no restore drill has passed yet" }];
      const age = now.getTime() - lastGoodDrill.at.getTime();
      return age > s.drillMaxAgeDays * DAY
        ? [
            {
              subject: "",
              summary: `the last passed drill was ${Math.floor(age / DAY)} days ago (limit ${s.drillMaxAgeDays})`,
            },
          ]
        : [];
    },
  },
  {
    id: "backup_disk",
    title: "BACKUP_DIR is running out of space",
    needs: ["disk", "backups"],
    forMs: 0,
    evaluate: ({ disk, backups }, s) => {
      if (!disk) return null;
      const found: Condition[] = [];
      const freePercent = (disk.freeBytes / disk.totalBytes) * 100;
      if (freePercent < s.diskMinFreePercent)
        found.push({
          subject: "free",
          summary: `${freePercent.toFixed(1)}% free (${megabytes(disk.freeBytes)}), limit ${s.diskMinFreePercent}%`,
        });
      const last = backups.find((b) => b.location === "local" && b.manifest);
      if (last && disk.freeBytes < last.manifest!.sizeBytes * 1.2)
        found.push({
          subject: "next",
          summary: `${megabytes(disk.freeBytes)} free: too little for the next backup (the last was ${megabytes(last.manifest!.sizeBytes)})`,
        });
      return found;
    },
  },
  {
    id: "row_drop",
    title: "A table lost rows between two backups",
    needs: ["backups"],
    forMs: 0,
    evaluate: ({ backups }, s) => {
      // The two newest regular backups with manifests: what the data looked like last time, and now.
      const [latest, previous] = backups.filter((b) => b.manifest?.kind === "regular");
      if (!latest?.manifest || !previous?.manifest) return [];
      return Object.entries(previous.manifest.tables)
        .filter(([table, before]) => {
          const after = latest.manifest!.tables[table]?.rows ?? 0;
          return before.rows >= s.rowDropMinRows && after < before.rows * (1 - s.rowDropPercent / 100);
        })
        .map(([table, before]) => ({
          subject: table,
          summary: `${table} fell from ${count(before.rows)} to ${count(latest.manifest!.tables[table]?.rows ?? 0)} rows between ${path.basename(previous.path)} and ${path.basename(latest.path)}; ${path.basename(previous.path)} is pinned`,
          pin: previous,
        }));
    },
  },
];
