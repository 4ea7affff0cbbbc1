// Reading Postgres's statistics views: the pool by default, or one client
// (tests point the insights at a scratch database or a private cluster).
import { pool } from "@/lib/db/client";

/** Anything with pg's query(). */
export type Queryable = { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };

export const read = async <T>(sql: string, params: unknown[] = [], db: Queryable = pool()) =>
  (await db.query(sql, params)).rows as T[];
