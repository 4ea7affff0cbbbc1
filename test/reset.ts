// Test files share the run's database and Redis prefix: each starts from
// empty tables and an empty cache.
import { withPgClient } from "@/lib/db/pg-client";
import { env } from "@/lib/env";
import { deleteKeys } from "./run-resources";

export async function resetData(): Promise<void> {
  await withPgClient(env().DATABASE_URL, (client) =>
    client.query(
      "TRUNCATE tickers, pattern_scans, watchlists, scan_logs, alert_logs, users, sessions, audit_logs, sign_in_throttles, alert_incidents, app_settings, monitor_ticks, monitor_checks, statement_snapshots, relation_snapshots RESTART IDENTITY CASCADE",
    ),
  );
  await deleteKeys(env().REDIS_URL, env().REDIS_KEY_PREFIX);
}
