// npm run db:migrate [-- --backup-first] [-- --resolve-rolled-back NAME]
import { env } from "@/lib/env";
import { migrate, resolveRolledBack } from "@/lib/db/migrations/runner";
import { migrationStatus } from "@/lib/db/migrations/status";
import { startBackup } from "@/lib/ops/backup";
import { cliActor } from "./actor";
import { runCli } from "./run";

runCli(async (args) => {
  const connectionString = env().DATABASE_URL;
  const resolveIndex = args.indexOf("--resolve-rolled-back");
  if (resolveIndex >= 0) {
    const name = args[resolveIndex + 1];
    if (!name) throw new Error("--resolve-rolled-back needs the failed migration's name");
    await resolveRolledBack({ connectionString }, name);
    console.log(`${name} marked rolled back; the next db:migrate applies it again`);
    return;
  }
  if (args.includes("--backup-first")) {
    // The spec: "Backup First". A failed backup stops here, before any migration.
    const pending = (await migrationStatus({ connectionString })).migrations.filter((m) => m.status !== "applied");
    if (pending.length === 0) {
      console.log("database is up to date: nothing to apply, no backup needed");
      return;
    }
    const { job, done } = await startBackup({ actor: cliActor(), config: env() });
    job.listeners.push((line) => console.error(line));
    console.log(`backup before migrating: ${(await done).path}`);
  }
  const { applied } = await migrate({ connectionString, onProgress: (line) => console.log(line) });
  console.log(applied.length ? `${applied.length} migration(s) applied` : "database is up to date: nothing to apply");
});
