// npm run db:migration:new -- <name> [--up SQL --down SQL]: a new migration folder
// with an empty migration.sql and down.sql; --up/--down fill them (the Insights
// page's index advisor prints such a command). --adopt-drift fills them with
// what adopts the database's schema drift into the history (name: adopt_drift).
import { parseArgs } from "node:util";
import { adoptingMigration } from "@/lib/db/migrations/adopt-drift";
import { schemaDrift } from "@/lib/db/migrations/drift";
import { createMigration } from "@/lib/db/migrations/files";
import { directDatabaseUrl } from "@/lib/env";
import { runCli } from "./run";

runCli(async (args) => {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { up: { type: "string" }, down: { type: "string" }, "adopt-drift": { type: "boolean" } },
  });
  if (values["adopt-drift"]) {
    const drifts = await schemaDrift(directDatabaseUrl());
    if (drifts === null)
      throw new Error("this database has no migration history: adopt it with npm run db:migrate -- --baseline");
    if (!drifts.length) {
      console.log("no schema drift: the schema is what the applied migrations make; nothing written");
      return;
    }
    const folder = await createMigration(
      positionals[0] ?? "adopt_drift",
      undefined,
      undefined,
      adoptingMigration(drifts),
    );
    console.log(
      `created ${folder}/migration.sql and down.sql adopting ${drifts.length} drifted object(s); mirror them in prisma/schema.prisma, then npm run db:migrate (a no-op here: it records them as made by the migrations)`,
    );
    return;
  }
  const [name] = positionals;
  if (!name)
    throw new Error(
      'usage: npm run db:migration:new -- <name> [--up "CREATE INDEX ..." --down "DROP INDEX ..."] | [--adopt-drift]   (e.g. add_ticker_industry)',
    );
  const folder = await createMigration(name, undefined, undefined, values);
  console.log(
    values.up
      ? `created ${folder}/migration.sql and down.sql: mirror the change in prisma/schema.prisma, then npm run db:migrate`
      : `created ${folder}/migration.sql and down.sql: write the change, mirror it in prisma/schema.prisma, run npm test (the drift test compares them)`,
  );
});
