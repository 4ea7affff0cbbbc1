// One statement on its own connection: what tests use to look at or poke a database.
import type pg from "pg";
import { withPgClient } from "@/lib/db/pg-client";

export const query = <T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> => withPgClient(url, async (client) => (await client.query<T>(sql, params)).rows);
