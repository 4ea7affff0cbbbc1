// npm run load: the app under load and faults, measured. It starts a private
// PostgreSQL cluster and a private Redis (the machine's shared servers are
// never stopped or stalled), seeds them, serves the production build with
// `next start` on 127.0.0.1, and runs bounded scenarios side by side:
// baseline (20 clients), 200 clients, Redis killed and restarted, Postgres
// stopped and started, Postgres stalled (SIGSTOP), all app connections
// terminated. Writes bench/results/load.json and prints the table.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, startPrivatePostgres, startPrivateRedis } from "@/test/private-cluster";
import { drive, summarize, unreadable } from "./drive";

/* eslint-disable no-restricted-properties -- the harness hands the app and its tools their environment */
const TOKEN = "load-test-token";
const LIMIT_S = 2; // DB_STATEMENT_TIMEOUT for the run
const FAULT_AT_MS = 3_000;
const FAULT_FOR_MS = 4_000;
type ScenarioRow = ReturnType<typeof summarize> & {
  scenario: string;
  clients: number;
  cache_hit_ratio: number | null;
  cache_errors: number;
  recovery_ms: number | null;
  acknowledged_writes: number;
  unreadable_writes: number;
  stale_reads: number;
};
const say = (line: string) => console.log(`[load] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const postgres = await startPrivatePostgres({ max_connections: "100" });
  const redis = await startPrivateRedis();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const databaseUrl = postgres.url("legendai_load");
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: "legendai-load:",
    DB_STATEMENT_TIMEOUT: String(LIMIT_S),
    NEXTAUTH_SECRET: "load-only-secret",
    SCANNER_API_TOKEN: TOKEN,
    METRICS_TOKEN: TOKEN,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  let server: ReturnType<typeof spawn> | null = null;
  try {
    execFileSync("psql", [postgres.url(), "-qc", "CREATE DATABASE legendai_load"]);
    say("migrating and seeding the private database");
    execFileSync("node", ["--import", "tsx", "ops/cli/db-migrate.ts"], { env, stdio: "ignore" });
    execFileSync("node", ["--import", "tsx", "prisma/seed.ts"], { env, stdio: "ignore" });
    const serverLog = path.join(tmpdir(), `legendai-load-server-${process.pid}.log`);
    server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env,
      stdio: ["ignore", openSync(serverLog, "w"), openSync(serverLog, "a")],
      detached: true,
    });
    say(`server log: ${serverLog}`);
    for (
      let i = 0;
      i < 120 &&
      !(await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await sleep(500);
    say(`app on ${base}`);

    const cacheCounts = async () => {
      const text = await (await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      const count = (result: string) =>
        Number(new RegExp(`legendai_cache_requests_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      return { hit: count("hit") + count("shared"), miss: count("miss"), error: count("error") };
    };
    const terminateAppConnections = async () => {
      const client = new pg.Client({ connectionString: postgres.url() });
      await client.connect();
      await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'legendai-admin'`,
      );
      await client.end();
    };

    const scenarios: {
      name: string;
      clients: number;
      durationMs: number;
      fault?: { start: () => unknown; end: () => unknown };
    }[] = [
      { name: "baseline (20 clients)", clients: 20, durationMs: 10_000 },
      { name: "200 clients", clients: 200, durationMs: 10_000 },
      {
        name: "Redis killed, restarted",
        clients: 20,
        durationMs: 12_000,
        fault: { start: redis.kill, end: redis.start },
      },
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
        fault: { start: terminateAppConnections, end: () => {} },
      },
    ];
    const results: ScenarioRow[] = [];
    // LOAD_ONLY=1,5 runs those scenarios only (while investigating); a full run is what counts.
    const only = process.env.LOAD_ONLY?.split(",").map(Number);
    for (const scenario of scenarios.filter((_, i) => !only || only.includes(i + 1))) {
      const before = await cacheCounts();
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
      const run = await drive({ base, token: TOKEN, clients: scenario.clients, durationMs: scenario.durationMs });
      await faults;
      await sleep(1_000);
      const after = await cacheCounts();
      const lookups = after.hit - before.hit + (after.miss - before.miss);
      const firstOkAfter = run.samples
        .filter((s) => s.status >= 200 && s.status < 300 && started + s.at >= faultEnded)
        .map((s) => started + s.at + s.ms - faultEnded)
        .sort((a, b) => a - b)[0];
      const missing = await unreadable(base, TOKEN, run.acknowledged);
      const row: ScenarioRow = {
        scenario: scenario.name,
        clients: scenario.clients,
        ...summarize(run.samples, scenario.durationMs),
        cache_hit_ratio: lookups ? Math.round(((after.hit - before.hit) / lookups) * 1000) / 1000 : null,
        cache_errors: after.error - before.error,
        recovery_ms:
          scenario.fault && scenario.fault.end !== undefined && firstOkAfter !== undefined
            ? Math.round(firstOkAfter)
            : null,
        acknowledged_writes: run.acknowledged.length,
        unreadable_writes: missing.length,
        stale_reads: run.staleReads,
      };
      results.push(row);
      say(JSON.stringify(row));
    }

    if (only) return 0;
    const [baseline, heavy, redisDown, pgDown, pgStall, cut] = results;
    const answeredWithin = (row: ScenarioRow) => row.max_ms <= 1_000 + LIMIT_S * 1_000;
    const targets = [
      {
        target: "200 clients: cache hit ratio ≥ 90% of baseline's",
        met: (heavy.cache_hit_ratio ?? 0) >= 0.9 * (baseline.cache_hit_ratio ?? 1),
      },
      { target: "Redis killed: 0 errors", met: Object.keys(redisDown.statuses).every((s) => s.startsWith("2")) },
      { target: `Postgres stopped: every request answered within 1 s + ${LIMIT_S} s`, met: answeredWithin(pgDown) },
      { target: `Postgres stalled: every request answered within 1 s + ${LIMIT_S} s`, met: answeredWithin(pgStall) },
      {
        target: "Postgres back: full recovery within 2 s",
        met: [pgDown, pgStall].every((r) => (r.recovery_ms ?? Infinity) <= 2_000),
      },
      {
        target: "0 acknowledged writes unreadable, 0 stale reads",
        met: results.every((r) => r.unreadable_writes === 0 && r.stale_reads === 0),
      },
      { target: "connections terminated: recovered", met: (cut.statuses["200"] ?? 0) > 0 },
    ];
    mkdirSync("bench/results", { recursive: true });
    writeFileSync(
      "bench/results/load.json",
      `${JSON.stringify({ at: new Date().toISOString(), limit_s: LIMIT_S, results, targets }, null, 2)}\n`,
    );
    console.log("\n| scenario | requests | rps | p50 ms | p99 ms | max ms | statuses | cache hits | recovery ms |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
    for (const r of results) {
      const statuses = Object.entries(r.statuses)
        .map(([s, n]) => `${s}: ${n}`)
        .join(", ");
      console.log(
        `| ${r.scenario} | ${r.requests} | ${r.rps} | ${r.p50_ms} | ${r.p99_ms} | ${r.max_ms} | ${statuses} | ${r.cache_hit_ratio ?? "–"} | ${r.recovery_ms ?? "–"} |`,
      );
    }
    console.log("\n| target | met |\n| --- | :---: |");
    for (const t of targets) console.log(`| ${t.target} | ${t.met ? "yes" : "**no**"} |`);
    return targets.every((t) => t.met) ? 0 : 1;
  } finally {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
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
