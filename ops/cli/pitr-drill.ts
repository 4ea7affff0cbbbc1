// npm run pitr:drill (ops/scripts/pitr_drill.sh, weekly from cron): recover to a logical backup's snapshot and compare.
import { startPitrDrill } from "@/lib/pitr/drill";
import { ACTOR_HELP, ACTOR_OPTION, cliActor } from "./actor";
import { runCli } from "./run";
import { parseArgs } from "node:util";

const HELP = `Usage: npm run pitr:drill [-- --actor NAME]

The point-in-time recovery drill: pgbackrest verify, then the cluster recovered into a scratch
cluster to the WAL position where the newest logical backup inside the recoverable window took its
snapshot, and every table's row count and checksum compared with that backup's manifest. Records
the recovery time and the RPO for the recovery scorecard. Exit code 1 when anything differs.
${ACTOR_HELP}`;

runCli(async (argv) => {
  const { values } = parseArgs({ args: argv, options: { ...ACTOR_OPTION, help: { type: "boolean", short: "h" } } });
  if (values.help) return console.log(HELP);
  const { job, done } = await startPitrDrill(cliActor(values.actor));
  job.listeners.push((line) => console.error(line));
  job.progressListeners.push((line) => console.error(line));
  const r = await done;
  console.log(
    `recovered to ${r.lsn} (${r.backup}, ${r.at}) in ${Math.round(r.rtoMs / 1000)} s: all ${r.tables} tables match; RPO now ${r.rpoS} s`,
  );
});
