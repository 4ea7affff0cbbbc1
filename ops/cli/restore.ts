// ops/scripts/db_restore.sh --latest | FILE | --from-s3 s3://bucket/key [--yes]
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { startRestore, type RestoreSource } from "@/lib/ops/restore";
import { ACTOR_HELP, ACTOR_OPTION, cliActor } from "./actor";
import { runCli } from "./run";

const HELP = `Usage: ops/scripts/db_restore.sh --latest | FILE | --from-s3 s3://bucket/key [--yes] [--actor NAME]

Restores DATABASE_URL from the newest good backup in BACKUP_DIR, from FILE, or from S3.
The file's checksum is verified first (a corrupt or truncated file is refused and nothing is
touched), and the restore runs in one transaction: if it fails part-way the database is left
exactly as it was. That transaction keeps the current data aside in the database (its schemas
renamed legendai_previous_*); once the restored data is committed and served, the kept-aside
data is written to a safety backup in BACKUP_DIR and dropped.
Without --yes it asks you to type "restore" to confirm.
${ACTOR_HELP}`;

async function confirmed(): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(
    `This replaces every table of ${new URL(env().DATABASE_URL).pathname.slice(1)}. Type "restore" to go on: `,
  );
  rl.close();
  return answer.trim() === "restore";
}

runCli(async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      latest: { type: "boolean" },
      "from-s3": { type: "string" },
      yes: { type: "boolean", short: "y" },
      ...ACTOR_OPTION,
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return console.log(HELP);
  const sources: RestoreSource[] = [
    ...(values.latest ? [{ kind: "latest" } as const] : []),
    ...(values["from-s3"] ? [{ kind: "s3", url: values["from-s3"] } as const] : []),
    ...positionals.map((path) => ({ kind: "file", path }) as const),
  ];
  if (sources.length !== 1)
    throw new Error("say what to restore: exactly one of --latest, FILE or --from-s3 URL (see --help)");
  if (!values.yes && !(await confirmed()))
    throw new Error("not confirmed: nothing was restored (pass --yes to skip the question)");
  const { job, done } = await startRestore(sources[0], cliActor(values.actor));
  job.listeners.push((line) => console.error(line));
  job.progressListeners.push((line) => console.error(line));
  const result = await done;
  console.log(`restored ${result.restored}; safety backup ${result.safetyBackup ?? "not written"}`);
  if (result.safetyProblem) console.log(result.safetyProblem);
  console.log(
    `migrations: current ${result.migrations.current ?? "(none)"}, head ${result.migrations.head ?? "(none)"}, ${result.migrations.counts.pending} pending`,
  );
  console.log(
    result.differences.length
      ? `row counts differ from the manifest:\n  ${result.differences.join("\n  ")}`
      : "every table matches the manifest",
  );
  console.log(`writes waited ${(result.writesHeldMs / 1000).toFixed(1)} s while the restore held the tables`);
  if (result.notRestored.length) console.log(`not restored:\n  ${result.notRestored.join("\n  ")}`);
});
