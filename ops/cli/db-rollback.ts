// npm run db:rollback: roll back the last migration (its down.sql).
import { directDatabaseUrl } from "@/lib/env";
import { rollback } from "@/lib/db/migrations/runner";
import { runCli } from "./run";

runCli(async () => {
  const { rolledBack } = await rollback({
    connectionString: directDatabaseUrl(),
    onProgress: (line) => console.log(line),
  });
  console.log(rolledBack ? `rolled back ${rolledBack}` : "nothing to roll back: no migration is applied");
});
