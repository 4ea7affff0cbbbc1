// npm run pitr:backup -- --type full|diff|incr: a pgBackRest backup (cron runs full weekly, diff daily).
import { parseArgs } from "node:util";
import { PITR_BACKUP_TYPES, startPitrBackup, type PitrBackupType } from "@/lib/pitr/backup";
import { ACTOR_HELP, ACTOR_OPTION, cliActor } from "./actor";
import { runCli } from "./run";

const HELP = `Usage: npm run pitr:backup -- --type full|diff|incr [--actor NAME]

Takes a pgBackRest backup of the cluster into the PITR repository (one at a time with the other
operations); pgBackRest then expires what PITR_RETENTION_FULL no longer keeps. Prints the label.
${ACTOR_HELP}`;

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { type: { type: "string", default: "diff" }, ...ACTOR_OPTION, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return console.log(HELP);
  if (!PITR_BACKUP_TYPES.includes(values.type as PitrBackupType))
    throw new Error(`--type must be one of ${PITR_BACKUP_TYPES.join(", ")}, got "${values.type}"`);
  const { job, done } = await startPitrBackup(cliActor(values.actor), values.type as PitrBackupType);
  job.listeners.push((line) => console.error(line));
  job.progressListeners.push((line) => console.error(line));
  console.log((await done).label);
});
