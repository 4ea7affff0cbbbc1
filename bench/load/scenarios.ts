// The load suite's scenarios (load and faults, each bounded in clients and
// time) and one run of a scenario, measured: latency and statuses, the cache
// hit ratio from the app's own metrics, recovery after the fault, and whether
// any acknowledged write went missing or a writer read stale data.
import pg from "pg";
import type { PrivatePostgres, PrivateRedis } from "@/test/private-cluster";
import { drive, summarize, unreadable } from "./drive";

export const FAULT_AT_MS = 3_000;
export const FAULT_FOR_MS = 4_000;

export type Scenario = {
  name: string;
  clients: number;
  durationMs: number;
  fault?: { start: () => unknown; end: () => unknown };
};

export type ScenarioRow = ReturnType<typeof summarize> & {
  scenario: string;
  clients: number;
  cache_hit_ratio: number | null;
  cache_errors: number;
  recovery_ms: number | null;
  acknowledged_writes: number;
  unreadable_writes: number;
  stale_reads: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function terminateAppConnections(postgres: PrivatePostgres): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.url() });
  await client.connect();
  await client.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'legendai-admin'`,
  );
  await client.end();
}

export const scenarios = (postgres: PrivatePostgres, redis: PrivateRedis): Scenario[] => [
  { name: "baseline (20 clients)", clients: 20, durationMs: 10_000 },
  { name: "200 clients", clients: 200, durationMs: 10_000 },
  { name: "Redis killed, restarted", clients: 20, durationMs: 12_000, fault: { start: redis.kill, end: redis.start } },
  {
    name: "Postgres stopped, started",
    clients: 20,
    durationMs: 12_000,
    fault: { start: postgres.stop, end: postgres.start },
  },
  {
    name: "Postgres stalled (SIGSTOP)",
    clients: 20,
    durationMs: 12_000,
    fault: { start: postgres.freeze, end: postgres.thaw },
  },
  {
    name: "app connections terminated",
    clients: 20,
    durationMs: 8_000,
    fault: { start: () => terminateAppConnections(postgres), end: () => {} },
  },
];

async function cacheCounts(base: string, token: string) {
  const text = await (await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const count = (result: string) =>
    Number(new RegExp(`legendai_cache_requests_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { hit: count("hit") + count("shared"), miss: count("miss"), error: count("error") };
}

/** The fault (if any) starts FAULT_AT_MS into the run and lasts FAULT_FOR_MS. */
export async function runScenario(scenario: Scenario, base: string, token: string): Promise<ScenarioRow> {
  const before = await cacheCounts(base, token);
  let faultEnded = Infinity;
  const faults = scenario.fault
    ? (async () => {
        await sleep(FAULT_AT_MS);
        await scenario.fault!.start();
        await sleep(FAULT_FOR_MS);
        await scenario.fault!.end();
        faultEnded = performance.now();
      })()
    : Promise.resolve();
  const started = performance.now();
  const run = await drive({ base, token, clients: scenario.clients, durationMs: scenario.durationMs });
  await faults;
  await sleep(1_000);
  const after = await cacheCounts(base, token);
  const lookups = after.hit - before.hit + (after.miss - before.miss);
  const firstOkAfter = run.samples
    .filter((s) => s.status >= 200 && s.status < 300 && started + s.at >= faultEnded)
    .map((s) => started + s.at + s.ms - faultEnded)
    .sort((a, b) => a - b)[0];
  const missing = await unreadable(base, token, run.acknowledged);
  return {
    scenario: scenario.name,
    clients: scenario.clients,
    ...summarize(run.samples, scenario.durationMs),
    cache_hit_ratio: lookups ? Math.round(((after.hit - before.hit) / lookups) * 1000) / 1000 : null,
    cache_errors: after.error - before.error,
    recovery_ms: scenario.fault && firstOkAfter !== undefined ? Math.round(firstOkAfter) : null,
    acknowledged_writes: run.acknowledged.length,
    unreadable_writes: missing.length,
    stale_reads: run.staleReads,
  };
}
