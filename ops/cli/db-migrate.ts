// npm run db:migrate [-- --backup-first] [-- --resolve-rolled-back NAME] [-- --rehearse [--json]]
import { parseArgs } from "node:util";
import { directDatabaseUrl } from "@/lib/env";
import { migrate, resolveRolledBack } from "@/lib/db/migrations/runner";
import { baseline } from "@/lib/db/migrations/baseline";
import { migrationStatus } from "@/lib/db/migrations/status";
import { startBackup } from "@/lib/ops/backup";
import { recordAudit } from "@/lib/db/queries/audit";
import { pendingForRehearsal, startRehearsal } from "@/lib/ops/rehearse/rehearse";
import { lastRehearsal } from "@/lib/ops/rehearse/report";
import { env } from "@/lib/env";
import { rehearsalText } from "./rehearsal-text";
import { ACTOR_HELP, ACTOR_OPTION, cliActor } from "./actor";
import { runCli } from "./run";

const HELP = `Usage: npm run db:migrate [-- --backup-first] [-- --baseline] [-- --resolve-rolled-back NAME] [-- --actor NAME]
       npm run db:migrate -- --rehearse [--json]

Applies the pending migrations in prisma/migrations to DATABASE_URL, in order, under a lock
(a second runner waits). A failed migration is recorded and blocks later runs until it is fixed
and marked with --resolve-rolled-back NAME.
--backup-first  takes a backup (as ops/scripts/db_backup.sh does) before applying anything;
                if the backup fails, nothing is applied.
--baseline      adopts a database that has the tables but no migration history: builds the
                migrations in a scratch database, records those whose schema matches the live one
                as applied (prisma migrate resolve --applied), then applies the rest. If the schema
                differs, nothing is changed and each difference is printed. Needs CREATEDB.
--rehearse      applies nothing here: restores the latest backup into a scratch database and applies
                the pending migrations there, one at a time, under the app's writer and reader;
                prints what each did (duration, locks per table, rewritten tables, the traffic's
                worst wait, plan changes of the hot queries) and keeps the report. --json prints it
                as JSON. Before applying, db:migrate prints the last rehearsal of the same pending
                migrations; with REQUIRE_REHEARSAL=true it refuses without one.
--dir DIR       the migrations folder (default prisma/migrations).
--skip-rehearsal  applies without a rehearsal although REQUIRE_REHEARSAL=true (audited).
Migrations made only of CREATE/DROP INDEX run online: CONCURRENTLY, one index at a time, with
a lock timeout and retries, progress printed; long-running transactions are named first.
${ACTOR_HELP}`;

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      "backup-first": { type: "boolean" },
      baseline: { type: "boolean" },
      "resolve-rolled-back": { type: "string" },
      rehearse: { type: "boolean" },
      dir: { type: "string" },
      json: { type: "boolean" },
      "skip-rehearsal": { type: "boolean" },
      ...ACTOR_OPTION,
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return console.log(HELP);
  const connectionString = directDatabaseUrl();
  const resolve = values["resolve-rolled-back"];
  if (resolve !== undefined) {
    if (!resolve) throw new Error("--resolve-rolled-back needs the failed migration's name");
    await resolveRolledBack({ connectionString }, resolve);
    console.log(`${resolve} marked rolled back; the next db:migrate applies it again`);
    return;
  }
  if (values.rehearse) {
    const { job, done } = await startRehearsal(cliActor(values.actor), values.dir);
    if (!values.json) job.listeners.push((line) => console.error(line));
    const report = await done;
    console.log(values.json ? JSON.stringify(report, null, 2) : rehearsalText(report));
    if (!report.ok) process.exitCode = 1;
    return;
  }
  const skip = Boolean(values["skip-rehearsal"]);
  if (!(await rehearsalChecked(connectionString, values.dir, skip, cliActor(values.actor)))) {
    process.exitCode = 1;
    return;
  }
  if (values["backup-first"]) {
    // A failed backup stops here, before any migration.
    const pending = (await migrationStatus({ connectionString })).migrations.filter((m) => m.status !== "applied");
    if (pending.length === 0) {
      console.log("database is up to date: nothing to apply, no backup needed");
      return;
    }
    const { job, done } = await startBackup({ actor: cliActor(values.actor) });
    job.listeners.push((line) => console.error(line));
    console.log(`backup before migrating: ${(await done).path}`);
  }
  if (values.baseline) {
    const { baselined, differences } = await baseline({ connectionString, dir: values.dir });
    if (differences.length) {
      console.error(`the database's schema differs from what the migrations create; nothing was changed:`);
      for (const line of differences) console.error(`  ${line}`);
      console.error("write a migration that bridges the difference, or change the database, then baseline again");
      process.exitCode = 1;
      return;
    }
    console.log(
      baselined.length
        ? `baselined: ${baselined.join(", ")} recorded as applied`
        : "nothing to baseline: the database has no tables",
    );
  }
  const { applied } = await migrate({ connectionString, dir: values.dir, onProgress: (line) => console.log(line) });
  console.log(applied.length ? `${applied.length} migration(s) applied` : "database is up to date: nothing to apply");
});

/** Prints the last rehearsal of the pending migrations; false when REQUIRE_REHEARSAL refuses to go on without one. */
async function rehearsalChecked(
  connectionString: string,
  dir: string | undefined,
  skip: boolean,
  actor: string,
): Promise<boolean> {
  const { pending, key } = await pendingForRehearsal(dir);
  if (!pending.length) return true;
  const report = await lastRehearsal(connectionString, key);
  if (report) {
    console.log(`last rehearsal of these ${pending.length} migration(s):\n${rehearsalText(report)}`);
    return true;
  }
  console.error(
    `WARNING: the ${pending.length} pending migration(s) were never rehearsed: run \`npm run db:migrate -- --rehearse\` first`,
  );
  if (!env().REQUIRE_REHEARSAL) return true;
  if (skip) {
    const target = pending
      .map((m) => m.name)
      .join(", ")
      .slice(0, 255);
    await recordAudit({ actor, action: "migrate:skip-rehearsal", target, outcome: "ok" });
    console.error("REQUIRE_REHEARSAL is set; applying anyway (--skip-rehearsal, audited)");
    return true;
  }
  console.error("REQUIRE_REHEARSAL is set: nothing applied. Rehearse first, or pass --skip-rehearsal (audited).");
  return false;
}
