// ops/scripts/setup_backup_cron.sh --daily | --hourly | --custom "EXPR" | --remove [--log-file F]
import path from "node:path";
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { cronLine, cronProblem, installCron, NoCrontabError, removeCron, SCHEDULES } from "@/lib/ops/cron";
import { runCli } from "./run";

const HELP = `Usage: ops/scripts/setup_backup_cron.sh --daily | --hourly | --custom "0 */6 * * *" | --remove [--log-file FILE]

Installs one crontab line that runs ops/scripts/db_backup.sh (daily at 02:00, hourly, or on your
schedule), appending its output to FILE (default: legendai_backup.log beside BACKUP_DIR).
Running it again replaces the line; --remove deletes it. Exit code 3: no crontab on this machine
(the line to install is printed).`;

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      daily: { type: "boolean" },
      hourly: { type: "boolean" },
      custom: { type: "string" },
      remove: { type: "boolean" },
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
  ].filter(Boolean);
  if (chosen.length !== 1)
    throw new Error("choose exactly one of --daily, --hourly, --custom EXPR, --remove (see --help)");
  try {
    if (values.remove) {
      console.log(
        removeCron(config.CRONTAB_COMMAND) ? "removed the LegendAI backup line" : "there was no LegendAI backup line",
      );
      return;
    }
    const schedule = values.custom ?? SCHEDULES[values.daily ? "daily" : "hourly"];
    const problem = cronProblem(schedule);
    if (problem) throw new Error(`"${schedule}" is not a cron schedule: ${problem}`);
    const backupDir = path.resolve(config.BACKUP_DIR);
    const logFile = path.resolve(values["log-file"] ?? path.join(path.dirname(backupDir), "legendai_backup.log"));
    const line = cronLine(schedule, path.resolve("."), logFile);
    try {
      installCron(config.CRONTAB_COMMAND, line);
      console.log(`installed: ${line}`);
    } catch (error) {
      if (!(error instanceof NoCrontabError)) throw error;
      console.error(
        `${error.message}: nothing was installed. Add this line to your scheduler (or install the cron package and run this again):`,
      );
      console.log(line);
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
