// npm run bench:waits: what the wait sampler costs. On a private cluster with
// 16 busy sessions (8 running statements, 8 queued on a lock), the sampler's
// read runs once a second on a connection of its own for 10-second rounds;
// its cost is the CPU its Postgres backend used (from /proc) plus the CPU this
// process used beyond an idle round of the same length, as a share of one
// core. Median of 5 rounds each. Writes "waits" into bench/results/latest.json.
import { readFileSync, writeFileSync } from "node:fs";
import pg from "pg";
import { startPrivatePostgres } from "@/test/private-cluster";

/* eslint-disable no-restricted-properties -- the benchmark points the app at its own cluster */
const ROUNDS = 5;
const ROUND_MS = 10_000;
const TICKS_PER_SECOND = 100; // USER_HZ
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const say = (line: string) => console.error(`[waits] ${line}`);

const cluster = await startPrivatePostgres({ max_connections: "50" });
const url = cluster.url("postgres");
process.env.DATABASE_URL = url;
const { sampleActiveSessions } = await import("@/lib/monitoring/waits/sample");

const connect = async () => {
  const client = new pg.Client({ connectionString: url, application_name: "bench-load" });
  await client.connect();
  return client;
};
const backendCpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime + stime
};
const processCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

try {
  // the load the sampler reads: sessions running statements and sessions queued on a lock
  const setup = await connect();
  await setup.query("CREATE TABLE bench_lock (id int)");
  await setup.end();
  const holder = await connect();
  await holder.query("BEGIN; LOCK TABLE bench_lock IN ACCESS EXCLUSIVE MODE");
  let running = true;
  const busy = await Promise.all(Array.from({ length: 8 }, connect));
  const loops = busy.map(async (c) => {
    while (running) await c.query("SELECT pg_sleep(0.5)");
  });
  const waiters = await Promise.all(Array.from({ length: 8 }, connect));
  const queued = waiters.map((c) => c.query("SELECT count(*) FROM bench_lock").catch(() => {}));

  const sampler = await connect();
  const samplerPid = (await sampler.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
  const round = async (sample: boolean) => {
    const [cpu0, backend0, started] = [processCpuSeconds(), backendCpuSeconds(samplerPid), performance.now()];
    let sessions = 0;
    while (performance.now() - started < ROUND_MS) {
      if (sample) sessions = (await sampleActiveSessions(sampler)).length;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const wall = (performance.now() - started) / 1000;
    return {
      node: (processCpuSeconds() - cpu0) / wall,
      backend: (backendCpuSeconds(samplerPid) - backend0) / wall,
      sessions,
    };
  };
  const shares: number[] = [];
  const backendShares: number[] = [];
  let seen = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const idle = await round(false);
    const sampled = await round(true);
    seen = sampled.sessions;
    const share = Math.max(0, sampled.node - idle.node) + sampled.backend;
    shares.push(share);
    backendShares.push(sampled.backend);
    say(
      `round ${i + 1}: ${(share * 100).toFixed(3)}% of one core (backend ${(sampled.backend * 100).toFixed(3)}%), ${seen} active sessions seen`,
    );
  }
  const waits = {
    active_sessions: seen,
    sample_every_ms: 1000,
    cost_percent_of_one_core_median: Math.round(median(shares) * 100_000) / 1000,
    backend_percent_median: Math.round(median(backendShares) * 100_000) / 1000,
    rounds: ROUNDS,
    round_s: ROUND_MS / 1000,
  };
  console.log(JSON.stringify(waits, null, 2));
  const file = "bench/results/latest.json";
  const results = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, `${JSON.stringify({ ...results, waits }, null, 2)}\n`);
  running = false;
  await holder.query("ROLLBACK");
  await Promise.all([...loops, ...queued]);
  for (const c of [holder, sampler, ...busy, ...waiters]) await c.end();
} finally {
  cluster.destroy();
}
