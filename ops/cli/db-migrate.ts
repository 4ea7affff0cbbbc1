// npm run db:migrate [-- --resolve-rolled-back NAME]
import { env } from "@/lib/env";
import { migrate, resolveRolledBack } from "@/lib/db/migrations/runner";
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
  const { applied } = await migrate({ connectionString, onProgress: (line) => console.log(line) });
  console.log(applied.length ? `${applied.length} migration(s) applied` : "database is up to date: nothing to apply");
});
