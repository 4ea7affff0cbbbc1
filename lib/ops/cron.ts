// setup_backup_cron.sh: crontab lines, each marked so that installing twice
// leaves one line and --remove finds it. The logical backup has one line; the
// PITR backups two (a full backup weekly, a differential one the other days).
import { spawnSync } from "node:child_process";

export const CRON_MARKER = "# legendai-backup";
export const SCHEDULES = { daily: "0 2 * * *", hourly: "0 * * * *" } as const;

export type CronJob = { script: string; marker: string };
export const LOGICAL_BACKUP_JOB: CronJob = { script: "./ops/scripts/db_backup.sh", marker: CRON_MARKER };
/** pgBackRest's backups (full on Sundays at 01:00, differential the other days) and the PITR drill (Saturdays, 04:00). */
export const PITR_JOBS: (CronJob & { schedule: string })[] = [
  { schedule: "0 1 * * 0", script: "./ops/scripts/pitr_backup.sh --type full", marker: "# legendai-pitr-full" },
  { schedule: "0 1 * * 1-6", script: "./ops/scripts/pitr_backup.sh --type diff", marker: "# legendai-pitr-diff" },
  { schedule: "0 4 * * 6", script: "./ops/scripts/pitr_drill.sh", marker: "# legendai-pitr-drill" },
];

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
  },
  { name: "day of week", min: 0, max: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];

/** null when `expression` is a valid 5-field cron schedule, else what is wrong with it. */
export function cronProblem(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  for (const [i, part] of parts.entries()) {
    const field = FIELDS[i];
    const value = (text: string) => {
      const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
      if (named >= 0) return named + (field.name === "month" ? 1 : 0);
      return /^\d+$/.test(text) ? Number(text) : NaN;
    };
    for (const item of part.split(",")) {
      const match = /^(\*|[^/-]+(?:-[^/-]+)?)(?:\/(\d+))?$/.exec(item);
      if (!match) return `${field.name} "${item}" is not valid`;
      const [, range, step] = match;
      if (step !== undefined && Number(step) < 1) return `${field.name} step "${step}" must be at least 1`;
      if (range === "*") continue;
      const [from, to = from] = range.split("-").map(value);
      if ([from, to].some((n) => Number.isNaN(n) || n < field.min || n > field.max) || from > to) {
        return `${field.name} "${item}" is out of range ${field.min}-${field.max}`;
      }
    }
  }
  return null;
}

/** The line: runs the job's script from the project, appending its output to `logFile`. */
export function cronLine(schedule: string, projectDir: string, logFile: string, job = LOGICAL_BACKUP_JOB): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return `${schedule} cd ${quote(projectDir)} && PATH=/usr/local/bin:/usr/bin:/bin ${job.script} >> ${quote(logFile)} 2>&1 ${job.marker}`;
}

export class NoCrontabError extends Error {}

function crontab(command: string, args: string[], input?: string) {
  const result = spawnSync(command, args, { input, encoding: "utf8" });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT")
    throw new NoCrontabError(`no "${command}" command on this machine`);
  return result;
}

function currentLines(command: string): string[] {
  const listed = crontab(command, ["-l"]);
  // "no crontab for root" is an empty crontab, not an error.
  if (listed.status !== 0) return [];
  return listed.stdout.split("\n").filter((line) => line.length > 0);
}

function write(command: string, lines: string[]): void {
  const result = crontab(command, ["-"], lines.length ? `${lines.join("\n")}\n` : "");
  if (result.status !== 0) throw new Error(`crontab refused the new table: ${result.stderr.trim()}`);
}

const markerOf = (line: string) => / # legendai-[a-z-]+$/.exec(line)?.[0].slice(1);

/** Installs (or replaces) our lines, found by their markers; other lines are left alone. */
export function installCron(command: string, ...lines: string[]): void {
  const markers = lines.map(markerOf);
  write(command, [...currentLines(command).filter((l) => !markers.includes(markerOf(l))), ...lines]);
}

/** Removes the lines with these markers; returns whether there was one. */
export function removeCron(command: string, markers = [CRON_MARKER]): boolean {
  const lines = currentLines(command);
  const kept = lines.filter((l) => !markers.includes(markerOf(l) ?? ""));
  if (kept.length !== lines.length) write(command, kept);
  return kept.length !== lines.length;
}
