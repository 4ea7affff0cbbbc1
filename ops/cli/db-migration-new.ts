// npm run db:migration:new -- <name>: a new migration folder (`alembic revision -m`).
import { createMigration } from "@/lib/db/migrations/files";
import { runCli } from "./run";

runCli(async ([name]) => {
  if (!name) throw new Error("usage: npm run db:migration:new -- <name>   (e.g. add_ticker_industry)");
  const folder = await createMigration(name);
  console.log(
    `created ${folder}/migration.sql and down.sql: write the change, mirror it in prisma/schema.prisma, run npm test (the drift test compares them)`,
  );
});
