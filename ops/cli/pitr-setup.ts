// ops/scripts/setup_pitr.sh [--restart]: point-in-time recovery on pgBackRest, set up idempotently.
import { parseArgs } from "node:util";
import { setupPitr } from "@/lib/pitr/setup";
import { runCli } from "./run";

const HELP = `Usage: npm run pitr:setup [-- --restart]   (or ops/scripts/setup_pitr.sh)

Sets up point-in-time recovery with pgBackRest for DATABASE_URL's cluster, as PITR_RUN_AS
(default postgres): the repository folder PITR_REPO_PATH (or the S3 bucket with PITR_REPO_TYPE=s3),
the configuration file PITR_CONFIG (0600; encrypted with PITR_CIPHER_PASS when set), archiving
(archive_mode, archive_command, archive_timeout = PITR_ARCHIVE_TIMEOUT_S), the stanza PITR_STANZA,
pgbackrest check, and a first full backup. Safe to run again.

archive_mode takes effect only after Postgres restarts: with --restart the cluster is restarted
with PITR_RESTART_COMMAND; without it, setup stops and says so (exit code 4).`;

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { restart: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return console.log(HELP);
  const result = await setupPitr({ restart: values.restart ?? false }, (line) => console.log(line));
  if (result.restartNeeded) process.exitCode = 4;
});
