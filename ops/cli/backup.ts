// ops/scripts/db_backup.sh [--s3-bucket B] [--keep-days N]
import { parseArgs } from "node:util";
import { startBackup } from "@/lib/ops/backup";
import { ACTOR_HELP, ACTOR_OPTION, cliActor } from "./actor";
import { runCli } from "./run";

const HELP = `Usage: ops/scripts/db_backup.sh [--s3-bucket BUCKET] [--keep-days N] [--actor NAME]

Backs up DATABASE_URL with pg_dump | gzip to BACKUP_DIR/legendai_db_YYYYMMDD_HHMMSS.sql.gz
(with a .manifest.json beside it), copies it to S3 if a bucket is given (or S3_BUCKET is set),
then removes local backups older than N days (KEEP_DAYS, default 7), never the newest good one.
Prints the backup's path last.
${ACTOR_HELP}

Environment: DATABASE_URL, BACKUP_DIR, KEEP_DAYS, S3_BUCKET, S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
Exit codes: 0 done, 1 failed (nothing kept), 2 saved locally but the S3 upload failed`;

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      "s3-bucket": { type: "string" },
      "keep-days": { type: "string" },
      ...ACTOR_OPTION,
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return console.log(HELP);
  const keepDays = values["keep-days"] === undefined ? undefined : Number(values["keep-days"]);
  if (keepDays !== undefined && (!Number.isInteger(keepDays) || keepDays < 0))
    throw new Error(`--keep-days must be a whole number of days, got "${values["keep-days"]}"`);
  const { job, done } = await startBackup({ actor: cliActor(values.actor), keepDays, s3Bucket: values["s3-bucket"] });
  job.listeners.push((line) => console.error(line));
  job.progressListeners.push((line) => console.error(line));
  const result = await done;
  if (result.s3) console.error(result.s3.message);
  console.log(result.path);
  if (result.s3 && !result.s3.ok) process.exitCode = 2;
});
