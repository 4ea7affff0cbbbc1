// npm run load: the app under load and faults, measured. It starts a private
// PostgreSQL cluster and a private Redis (the machine's shared servers are
// never stopped or stalled), seeds them, serves the production build with
// `next start` on 127.0.0.1, and runs bounded scenarios side by side:
// baseline (20 clients), 200 clients, Redis killed and restarted, Postgres
// stopped and started, Postgres stalled (SIGSTOP), all app connections
// terminated. Writes bench/results/load.json and prints the table.
import { startPrivatePostgres, startPrivateRedis } from "@/test/private-cluster";
import { startLoadApp } from "./app-server";
import { loadTargets, writeLoadReport } from "./report";
import { replicaScenario } from "./replica";
import { runScenario, scenarios, type ScenarioRow } from "./scenarios";

const TOKEN = "load-test-token";
const LIMIT_S = 2; // DB_STATEMENT_TIMEOUT for the run
const say = (line: string) => console.log(`[load] ${line}`);

async function main() {
  const postgres = await startPrivatePostgres({ max_connections: "100" });
  const redis = await startPrivateRedis();
  let app: Awaited<ReturnType<typeof startLoadApp>> | null = null;
  try {
    app = await startLoadApp(postgres, redis, { token: TOKEN, statementTimeoutS: LIMIT_S }, say);
    const results: ScenarioRow[] = [];
    // LOAD_ONLY=1,5 runs those scenarios only (while investigating); a full run is what counts.
    const only = process.env.LOAD_ONLY?.split(",").map(Number); // eslint-disable-line no-restricted-properties
    const all = scenarios(postgres, redis);
    for (const scenario of all.filter((_, i) => !only || only.includes(i + 1))) {
      const row = await runScenario(scenario, app.base, TOKEN);
      results.push(row);
      say(JSON.stringify(row));
    }
    // The last scenario: the same traffic with a read replica (LOAD_ONLY counts it after the others).
    const replica = !only || only.includes(all.length + 1) ? await replicaScenario(postgres, app, TOKEN, say) : null;
    if (replica) say(JSON.stringify(replica));
    if (only) return 0;
    const targets = loadTargets(results, LIMIT_S, replica!);
    writeLoadReport([...results, replica!], targets, LIMIT_S);
    return targets.every((t) => t.met) ? 0 : 1;
  } finally {
    app?.stop();
    redis.destroy();
    postgres.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
