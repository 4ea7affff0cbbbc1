// A shadow database: an empty one that the migrations are replayed into, to
// see the schema they produce (adopting a database, finding schema drift).
// It is created beside the live one and dropped afterwards; a role that may
// not CREATE DATABASE names one in SHADOW_DATABASE_URL instead, whose public
// schema is wiped before and after (as Prisma treats its shadow database).
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { quoteIdent } from "@/lib/db/identifiers";
import { withDatabase, withPgClient } from "@/lib/db/pg-client";
import { env } from "@/lib/env";
import type { MigrationFile } from "./files";
import { isIndexOnly, statementsOf } from "./online-index";

export class NoShadowError extends Error {}

const WIPE = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public";

export async function withShadow<T>(
  connectionString: string,
  work: (client: pg.Client) => Promise<T>,
  appName = "legendai-shadow",
): Promise<T> {
  const configured = env().SHADOW_DATABASE_URL;
  if (configured)
    return withPgClient(
      configured,
      async (client) => {
        await client.query(WIPE);
        try {
          return await work(client);
        } finally {
          await client.query(WIPE).catch(() => {});
        }
      },
      appName,
    );
  const shadow = `legendai_shadow_${randomBytes(5).toString("hex")}`;
  const admin = withDatabase(connectionString, "postgres");
  await withPgClient(admin, (c) => c.query(`CREATE DATABASE ${quoteIdent(shadow)}`), appName).catch(
    (error: Error & { code?: string }) => {
      if (error.code === "42501")
        throw new NoShadowError(
          "the role may not CREATE DATABASE and SHADOW_DATABASE_URL is not set: name an empty database it may rebuild",
        );
      throw error;
    },
  );
  try {
    return await withPgClient(withDatabase(connectionString, shadow), work, appName);
  } finally {
    await withPgClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(shadow)} WITH (FORCE)`), appName);
  }
}

/** Applies one migration as written (an index-only one statement by statement, as it runs online). */
export async function replay(client: pg.Client, file: MigrationFile): Promise<void> {
  if (isIndexOnly(file.sql)) for (const statement of statementsOf(file.sql)) await client.query(statement);
  else await client.query(file.sql);
}
