// npm run pitr:recover-table -- --table T --to "TIME" [--where "COND"] | --insert-missing recovered.T_…
import { parseArgs } from "node:util";
import { insertMissingInput, startInsertMissing } from "@/lib/pitr/insert-missing";
import { describeComparison, recoverTableInput, startRecoverTable } from "@/lib/pitr/recover-table";
import { ACTOR_HELP, ACTOR_OPTION, cliActor } from "./actor";
import { runCli } from "./run";

const HELP = `Usage: npm run pitr:recover-table -- --table NAME --to "2026-11-30 09:14:00Z" [--where "CONDITION"]
       npm run pitr:recover-table -- --insert-missing recovered.NAME_YYYYMMDD_HHMMSS

The first form brings back public.NAME (or the rows CONDITION selects) as it was at the given moment:
the backup is restored into a scratch cluster (PITR_SCRATCH_DIR), recovered to that moment, and the
rows are copied into recovered.NAME_YYYYMMDD_HHMMSS in the live database, next to the live table,
which is never touched. It then says which rows are gone from live, new in live, or changed.
The second form inserts the recovered rows whose key the live table lacks (live rows never change).
${ACTOR_HELP}`;

const firstError = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues.map((i) => `--${String(i.path[0] === "at" ? "to" : i.path[0])}: ${i.message}`)[0];

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      table: { type: "string" },
      to: { type: "string" },
      where: { type: "string" },
      "insert-missing": { type: "string" },
      ...ACTOR_OPTION,
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return console.log(HELP);
  const actor = cliActor(values.actor);
  if (values["insert-missing"] !== undefined) {
    const input = insertMissingInput.safeParse({ recovered: values["insert-missing"] });
    if (!input.success) throw new Error(firstError(input.error).replace("--recovered", "--insert-missing"));
    const { job, done } = await startInsertMissing(actor, input.data);
    job.listeners.push((line) => console.error(line));
    const result = await done;
    console.log(`${result.inserted} row(s) inserted into ${result.table}`);
    return;
  }
  const input = recoverTableInput.safeParse({ table: values.table, at: values.to, where: values.where });
  if (!input.success) throw new Error(`${firstError(input.error)} (see --help)`);
  const { job, done } = await startRecoverTable(actor, input.data);
  job.listeners.push((line) => console.error(line));
  job.progressListeners.push((line) => console.error(line));
  const result = await done;
  console.log(`${result.rows} row(s) as at ${result.at} are in ${result.recovered}`);
  console.log(describeComparison(result));
  console.log(
    `to put back the rows missing from live: npm run pitr:recover-table -- --insert-missing ${result.recovered}`,
  );
});
