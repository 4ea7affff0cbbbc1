// One short-lived connection outside the pool, for work that must not hold a
// pool slot or needs its own session (migrations, locks, restores, checks).
import pg from "pg";

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withPgClient<T>(
  connectionString: string,
  work: (client: pg.Client) => Promise<T>,
  applicationName = "legendai-admin",
): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: applicationName });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
