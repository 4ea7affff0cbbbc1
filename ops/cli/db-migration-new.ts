// npm run db:migration:new -- <name> [--up SQL --down SQL]: a new migration folder
// with an empty migration.sql and down.sql; --up/--down fill them (the Insights
// page's index advisor prints such a command).
import { parseArgs } from "node:util";
import { createMigration } from "@/lib/db/migrations/files";
import { runCli } from "./run";

runCli(async (args) => {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { up: { type: "string" }, down: { type: "string" } },
  });
  const [name] = positionals;
  if (!name)
    throw new Error(
      'usage: npm run db:migration:new -- <name> [--up "CREATE INDEX ..." --down "DROP INDEX ..."]   (e.g. add_ticker_industry)',
    );
  const folder = await createMigration(name, undefined, undefined, values);
  console.log(
    values.up
      ? `created ${folder}/migration.sql and down.sql: mirror the change in prisma/schema.prisma, then npm run db:migrate`
      : `created ${folder}/migration.sql and down.sql: write the change, mirror it in prisma/schema.prisma, run npm test (the drift test compares them)`,
  );
});
