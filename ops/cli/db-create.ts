// npm run db:create: creates the database named in DATABASE_URL if it does not exist yet.
import { quoteIdent } from "@/lib/db/identifiers";
import { withPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl } from "@/lib/env";
import { runCli } from "./run";

runCli(async () => {
  const target = new URL(directDatabaseUrl());
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error("DATABASE_URL names no database (expected …/legendai at the end)");
  const server = new URL(target);
  server.pathname = "/postgres";
  await withPgClient(server.toString(), async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) {
      console.log(`database ${name} exists`);
      return;
    }
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    console.log(`created database ${name}`);
  });
});
