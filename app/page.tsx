// Placeholder home page until the dashboard (issue 5) lands: it proves the app
// builds, serves and reaches the database.
import { healthCheck } from "@/lib/db/health";
import styles from "./page.module.css";

export const dynamic = "force-dynamic";

export default async function Home() {
  const health = await healthCheck();
  return (
    <main className={styles.main}>
      <h1>LegendAI Admin</h1>
      <p className={styles.lead}>The database behind the LegendAI pattern scanner: pool, cache, migrations and backups.</p>
      <dl className={styles.facts}>
        <dt>Status</dt>
        <dd data-testid="health-status">{health.status}</dd>
        <dt>Pool</dt>
        <dd>
          {health.pool.checked_out} of {health.pool.max} connections in use, {health.pool.checked_in} idle
        </dd>
        <dt>Redis</dt>
        <dd>{health.redis.connection ? "connected" : `unavailable (${health.redis.error ?? "no answer"})`}</dd>
      </dl>
    </main>
  );
}
