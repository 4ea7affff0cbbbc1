// npm run pitr:restore -- --to "TIME": the whole cluster back to a second, in place (typed confirmation).
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { utcDateInput } from "@/lib/validation";
import { restoreInPlace } from "@/lib/pitr/restore-in-place";
import { liveDatabaseName } from "@/lib/pitr/scratch";
import { ACTOR_HELP, ACTOR_OPTION, cliActor } from "./actor";
import { runCli } from "./run";

const HELP = `Usage: npm run pitr:restore -- --to "2026-11-30 09:14:00Z" [--confirm DATABASE]

Takes the whole cluster back to the given moment, in place: everything written after it is gone
(in every database of the cluster). First a logical safety backup of the database as it is now
(in BACKUP_DIR, restorable with db_restore.sh), then the cluster is stopped (PITR_STOP_COMMAND),
restored by pgBackRest (--delta) and recovered to the moment, started (PITR_START_COMMAND) and
waited for until it takes writes. The app cannot answer while the cluster is down.
You are asked to type the database's name; --confirm DATABASE answers that in a script.
${ACTOR_HELP}`;

async function confirmed(database: string, given: string | undefined): Promise<boolean> {
  if (given !== undefined) return given === database;
  if (!process.stdin.isTTY) throw new Error("no terminal to confirm on: pass --confirm DATABASE");
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(`Type the database name (${database}) to take the cluster back in place: `);
  prompt.close();
  return answer.trim() === database;
}

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      to: { type: "string" },
      confirm: { type: "string" },
      ...ACTOR_OPTION,
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return console.log(HELP);
  const at = utcDateInput.safeParse(values.to);
  if (!at.success) throw new Error(`--to: ${at.error.issues[0].message} (see --help)`);
  const database = liveDatabaseName();
  if (!(await confirmed(database, values.confirm))) throw new Error("not confirmed: nothing was changed");
  await restoreInPlace({ at: at.data, actor: cliActor(values.actor) }, (line) => console.error(line));
});
