// Connections of their own, for work that needs a session: outside the pool
// (migrations, locks, restores, checks on another database), or a pooled one
// held for a transaction or session settings.
import pg from "pg";
import { pool } from "@/lib/db/client";
import type { ObservedPool } from "@/lib/db/pool";

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A connected client outside the pool; the caller ends it (a lock's connection lives as long as the lock). */
export async function openPgClient(connectionString: string, applicationName = "legendai-admin"): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, application_name: applicationName });
  await client.connect();
  return client;
}

export async function withPgClient<T>(
  connectionString: string,
  work: (client: pg.Client) => Promise<T>,
  applicationName = "legendai-admin",
): Promise<T> {
  const client = await openPgClient(connectionString, applicationName);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * One pooled connection for `work` (a rolled-back transaction, a session
 * setting). If the work fails the connection is closed rather than reused:
 * its session state is unknown.
 */
export async function withPoolClient<T>(
  work: (client: pg.PoolClient) => Promise<T>,
  target: ObservedPool = pool(),
): Promise<T> {
  const client = await target.connect();
  try {
    const result = await work(client);
    client.release();
    return result;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}
