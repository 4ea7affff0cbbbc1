// ops/scripts/setup_backup_cron.sh --daily | --hourly | --custom "EXPR" | --remove | --pitr | --remove-pitr [--log-file F]
import path from "node:path";
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { cronLine, cronProblem, installCron, NoCrontabError, PITR_JOBS, removeCron, SCHEDULES } from "@/lib/ops/cron";
import { runCli } from "./run";

const HELP = `Usage: ops/scripts/setup_backup_cron.sh --daily | --hourly | --custom "0 */6 * * *" | --remove [--log-file FILE]
       ops/scripts/setup_backup_cron.sh --pitr | --remove-pitr [--log-file FILE]

Installs one crontab line that runs ops/scripts/db_backup.sh (daily at 02:00, hourly, or on your
schedule), appending its output to FILE (default: legendai_backup.log beside BACKUP_DIR).
Running it again replaces the line; --remove deletes it. Exit code 3: no crontab on this machine
(the line to install is printed).

--pitr installs point-in-time recovery's lines instead: a full pgBackRest backup on Sundays at
01:00 and a differential one the other days (ops/scripts/pitr_backup.sh), and the PITR drill on
Saturdays at 04:00 (ops/scripts/pitr_drill.sh); default log: legendai_pitr.log. --remove-pitr
deletes those lines.`;

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      daily: { type: "boolean" },
      hourly: { type: "boolean" },
      custom: { type: "string" },
      remove: { type: "boolean" },
      pitr: { type: "boolean" },
      "remove-pitr": { type: "boolean" },
      "log-file": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return console.log(HELP);
  const config = env();
  const chosen = [
    values.daily && "daily",
    values.hourly && "hourly",
    values.custom !== undefined && "custom",
    values.remove && "remove",
    values.pitr && "pitr",
    values["remove-pitr"] && "remove-pitr",
  ].filter(Boolean);
  if (chosen.length !== 1)
    throw new Error(
      "choose exactly one of --daily, --hourly, --custom EXPR, --remove, --pitr, --remove-pitr (see --help)",
    );
  try {
    if (values.remove || values["remove-pitr"]) {
      const what = values.remove ? "backup line" : "PITR backup lines";
      const markers = values.remove ? undefined : PITR_JOBS.map((job) => job.marker);
      console.log(
        removeCron(config.CRONTAB_COMMAND, markers) ? `removed the LegendAI ${what}` : `there was no LegendAI ${what}`,
      );
      return;
    }
    const backupDir = path.resolve(config.BACKUP_DIR);
    const defaultLog = values.pitr ? "legendai_pitr.log" : "legendai_backup.log";
    const logFile = path.resolve(values["log-file"] ?? path.join(path.dirname(backupDir), defaultLog));
    let lines: string[];
    if (values.pitr) lines = PITR_JOBS.map((job) => cronLine(job.schedule, path.resolve("."), logFile, job));
    else {
      const schedule = values.custom ?? SCHEDULES[values.daily ? "daily" : "hourly"];
      const problem = cronProblem(schedule);
      if (problem) throw new Error(`"${schedule}" is not a cron schedule: ${problem}`);
      lines = [cronLine(schedule, path.resolve("."), logFile)];
    }
    try {
      installCron(config.CRONTAB_COMMAND, ...lines);
      for (const line of lines) console.log(`installed: ${line}`);
    } catch (error) {
      if (!(error instanceof NoCrontabError)) throw error;
      console.error(
        `${error.message}: nothing was installed. Add ${lines.length > 1 ? "these lines" : "this line"} to your scheduler (or install the cron package and run this again):`,
      );
      for (const line of lines) console.log(line);
      process.exitCode = 3;
    }
  } catch (error) {
    if (error instanceof NoCrontabError) {
      console.error(`${error.message}: there is no crontab to change`);
      process.exitCode = 3;
      return;
    }
    throw error;
  }
});
