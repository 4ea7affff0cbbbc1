// Test files share the run's database and Redis prefix: each starts from
// empty tables and an empty cache.
import pg from "pg";
import { env } from "@/lib/env";
import { deleteKeys } from "./run-resources";

export async function resetData(): Promise<void> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    await client.query("TRUNCATE tickers, pattern_scans, watchlists, scan_logs, alert_logs, users, audit_logs RESTART IDENTITY CASCADE");
  } finally {
    await client.end();
  }
  await deleteKeys(env().REDIS_URL, env().REDIS_KEY_PREFIX);
}
