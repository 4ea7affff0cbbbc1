// npm run db:migrate [-- --backup-first] [-- --resolve-rolled-back NAME]
import { parseArgs } from "node:util";
import { directDatabaseUrl } from "@/lib/env";
import { migrate, resolveRolledBack } from "@/lib/db/migrations/runner";
import { baseline } from "@/lib/db/migrations/baseline";
import { migrationStatus } from "@/lib/db/migrations/status";
import { startBackup } from "@/lib/ops/backup";
import { ACTOR_HELP, ACTOR_OPTION, cliActor } from "./actor";
import { runCli } from "./run";

const HELP = `Usage: npm run db:migrate [-- --backup-first] [-- --baseline] [-- --resolve-rolled-back NAME] [-- --actor NAME]

Applies the pending migrations in prisma/migrations to DATABASE_URL, in order, under a lock
(a second runner waits). A failed migration is recorded and blocks later runs until it is fixed
and marked with --resolve-rolled-back NAME.
--backup-first  takes a backup (as ops/scripts/db_backup.sh does) before applying anything;
                if the backup fails, nothing is applied.
--baseline      adopts a database that has the tables but no migration history: builds the
                migrations in a scratch database, records those whose schema matches the live one
                as applied (prisma migrate resolve --applied), then applies the rest. If the schema
                differs, nothing is changed and each difference is printed. Needs CREATEDB.
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
    const { baselined, differences } = await baseline({ connectionString });
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
  const { applied } = await migrate({ connectionString, onProgress: (line) => console.log(line) });
  console.log(applied.length ? `${applied.length} migration(s) applied` : "database is up to date: nothing to apply");
});
