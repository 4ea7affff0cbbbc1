// The incident rules. Each looks at the facts and the settings and returns the
// conditions that hold now, one per subject (a table, a sequence, a query
// family, ...), or null when it cannot tell (its facts could not be read):
// then its open incidents are left as they are, neither fired nor resolved.
import path from "node:path";
import type { IncidentSettings } from "@/lib/incidents/settings";
import type { Facts } from "@/lib/incidents/facts";
import type { SharedEntry } from "@/lib/ops/catalog";

export type Condition = {
  subject: string;
  summary: string;
  /** A backup to keep whatever retention says. */ pin?: SharedEntry;
};

export type Rule = {
  id: string;
  title: string;
  /** How long the condition must hold before the incident fires (0: at once). */
  forMs: number;
  evaluate: (facts: Facts, settings: IncidentSettings) => Condition[] | null;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
const hours = (ms: number) => `${Math.round((ms / HOUR) * 10) / 10} h`;
const count = (n: number) => Math.round(n).toLocaleString("en-US");
const megabytes = (bytes: number) => `${count(bytes / 1024 / 1024)} MB`;
const createdAt = (b: SharedEntry) => (b.manifest ? new Date(b.manifest.createdAt) : null);

export const RULES: Rule[] = [
  {
    id: "backup_stale",
    title: "No recent good backup",
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
    id: "pool_saturated",
    title: "Callers wait for database connections",
    forMs: 0,
    evaluate: ({ pool, now }) => {
      if (!pool) return null;
      const lastMinute = pool.filter((p) => p.t >= now.getTime() - MINUTE - 5_000);
      const found: Condition[] = [];
      if (lastMinute.length >= 10 && lastMinute.every((p) => p.waiting > 0))
        found.push({
          subject: "waiting",
          summary: `callers have waited for a connection for over a minute (${lastMinute.at(-1)!.waiting} waiting now)`,
        });
      const timeouts =
        lastMinute.length >= 2 ? lastMinute.at(-1)!.acquire_timeouts - lastMinute[0].acquire_timeouts : 0;
      if (timeouts > 0)
        found.push({
          subject: "timeouts",
          summary: `${timeouts} caller(s) gave up waiting for a connection in the last minute`,
        });
      return found;
    },
  },
  {
    id: "query_slow",
    title: "A query family is slow",
    forMs: 0,
    evaluate: ({ latency, now }, s) => {
      if (!latency) return null;
      const byName = new Map<string, typeof latency>();
      for (const p of latency) if (p.n > 0) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
      return [...byName]
        .filter(
          ([, points]) => points[0].t <= now.getTime() - 4.5 * MINUTE && points.every((p) => p.p95 > s.queryP95Ms),
        )
        .map(([name, points]) => ({
          subject: name,
          summary: `${name} queries: p95 above ${s.queryP95Ms} ms for 5 minutes (${Math.round(points.at(-1)!.p95)} ms now)`,
        }));
    },
  },
  {
    id: "redis_unhealthy",
    title: "Redis is unhealthy",
    forMs: MINUTE,
    evaluate: ({ redisHealthy }) =>
      redisHealthy
        ? []
        : [
            {
              subject: "",
              summary: "Redis has not answered for a minute: the cache is off, Postgres carries every read",
            },
          ],
  },
  {
    id: "backup_disk",
    title: "BACKUP_DIR is running out of space",
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
    id: "sequence_high",
    title: "A sequence is near its maximum",
    forMs: 0,
    evaluate: ({ sequences }, s) =>
      sequences
        .filter((q) => q.usedShare * 100 > s.sequenceMaxPercent)
        .map((q) => ({
          subject: q.sequence,
          summary: `${q.sequence}${q.column ? ` (${q.column})` : ""} is ${(q.usedShare * 100).toFixed(1)}% used${q.runsOutAt ? `, runs out about ${q.runsOutAt.toISOString().slice(0, 10)}` : ""}`,
        })),
  },
  {
    id: "xid_age",
    title: "Transaction-id age is high",
    forMs: 0,
    evaluate: ({ xid }, s) =>
      xid.age > s.xidMaxAge
        ? [
            {
              subject: "",
              summary: `transaction-id age ${count(xid.age)} (limit ${count(s.xidMaxAge)}); wraparound stops writes at ~2,147 million`,
            },
          ]
        : [],
  },
  {
    id: "row_drop",
    title: "A table lost rows between two backups",
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

/** Reported by the evaluator itself when it cannot reach Postgres (its state then lives in Redis). */
export const POSTGRES_RULE = { id: "postgres_unhealthy", title: "Postgres is unreachable", forMs: MINUTE };

export const ruleTitle = (id: string) =>
  id === POSTGRES_RULE.id ? POSTGRES_RULE.title : (RULES.find((r) => r.id === id)?.title ?? id);
