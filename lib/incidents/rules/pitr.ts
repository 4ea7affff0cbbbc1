// Rules about point-in-time recovery (quiet where it is not set up):
// archiving failing, writes waiting too long for the archive (the RPO right
// now, measured from the oldest write not yet archived, so an idle database
// never alarms), no recent full backup, the repository's disk filling up.
import type { PitrStatus } from "@/lib/pitr/status";
import { DAY, MINUTE, megabytes, seconds, type Condition, type Rule } from "./rule";

type Ok = Extract<PitrStatus, { state: "ok" }>;

/** Conditions from a working PITR; an unreachable pgBackRest is one condition of the archiving rule. */
const whenOk =
  (check: (pitr: Ok, now: Date, s: Parameters<Rule["evaluate"]>[1]) => Condition[]): Rule["evaluate"] =>
  ({ pitr, now }, s) =>
    pitr.state === "ok" ? check(pitr, now, s) : [];

export const PITR_RULES: Rule[] = [
  {
    id: "pitr_archiving",
    title: "WAL archiving is failing",
    needs: ["pitr"],
    forMs: 0,
    evaluate: ({ pitr }) => {
      if (pitr.state === "error")
        return [{ subject: "pgbackrest", summary: `pgBackRest does not answer: ${pitr.reason}` }];
      if (pitr.state !== "ok" || !pitr.archiver.failing) return [];
      const a = pitr.archiver;
      return [
        {
          subject: "archive",
          summary: `archiving ${a.lastFailedWal} fails since ${a.lastFailedAt} (${a.failedCount} failures): writes since then cannot be recovered to; see pgBackRest's log and npm run pitr:status`,
        },
      ];
    },
  },
  {
    id: "pitr_unarchived",
    title: "Writes are not reaching the PITR archive",
    needs: ["pitr"],
    forMs: 0,
    evaluate: whenOk(({ archiver }, _now, s) =>
      archiver.rpoS > s.pitrUnarchivedMaxMinutes * 60
        ? [
            {
              subject: "",
              summary: `the oldest write not yet archived is ${seconds(archiver.rpoS * 1000)} old (limit ${s.pitrUnarchivedMaxMinutes} min): it would be lost with the server`,
            },
          ]
        : [],
    ),
  },
  {
    id: "pitr_full_stale",
    title: "No recent full PITR backup",
    needs: ["pitr"],
    forMs: 0,
    evaluate: whenOk(({ lastFullAt }, now, s) => {
      if (!lastFullAt)
        return [{ subject: "", summary: "there is no full pgBackRest backup: run npm run pitr:backup -- --type full" }];
      const age = now.getTime() - Date.parse(lastFullAt);
      return age > s.pitrFullMaxAgeDays * DAY
        ? [
            {
              subject: "",
              summary: `the last full pgBackRest backup is ${Math.floor(age / DAY)} days old (limit ${s.pitrFullMaxAgeDays}); recovery replays all the WAL since`,
            },
          ]
        : [];
    }),
  },
  {
    id: "pitr_repo_space",
    title: "The PITR repository is running out of space",
    needs: ["pitr"],
    forMs: 5 * MINUTE,
    evaluate: whenOk(({ repoFree }, _now, s) =>
      repoFree && repoFree.ratio * 100 < s.pitrRepoMinFreePercent
        ? [
            {
              subject: "",
              summary: `${(repoFree.ratio * 100).toFixed(1)}% free (${megabytes(repoFree.bytes)}), limit ${s.pitrRepoMinFreePercent}%: archiving stops when it is full`,
            },
          ]
        : [],
    ),
  },
];
