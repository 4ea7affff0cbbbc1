// npm run bench: measures the performance claims (docs/benchmark.md) on 1,000,000 scans in
// a database of its own (dropped at the end), prints a markdown table and
// writes bench/results/latest.json.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { createLocalRunResources } from "@/test/run-resources";

/* eslint-disable no-restricted-properties -- the benchmark points the app at its own database */
const run = await createLocalRunResources("bench");
process.env.DATABASE_URL = run.databaseUrl;
process.env.REDIS_KEY_PREFIX = run.redisPrefix;
process.env.DEBUG = "false";

const { closeDb, pool, redis } = await import("@/lib/db/client");
const { queryCache } = await import("@/lib/db/cache");
const { waitUntilReady } = await import("@/lib/db/redis");
const { seedBenchData, BENCH_SIZES } = await import("./dataset");
const cases = await import("./cases");
const { mixedWorkload } = await import("./workload");
const { combineRuns, report, targetRatios, TARGETS } = await import("./report");
type CaseResult = import("./measure").CaseResult;
const RATIO_RUNS = 3;
const { onlineIndexCase, onlineIndexReport } = await import("./online-index");
const { backupRestoreCases } = await import("./backup-restore");

let peakRss = 0;
const memory = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const say = (line: string) => console.error(line);

try {
  await waitUntilReady(redis(), 2000);
  say(`seeding ${run.databaseUrl.replace(/^.*\//, "")}…`);
  await seedBenchData(run.databaseUrl, say);
  await pool().warm();
  // Flush the load's dirty pages now, so that the checkpointer does not write
  // them in the middle of the measurements.
  await pool().query("CHECKPOINT");
  const [pgVersion] = (await pool().query("SHOW server_version")).rows.map((r) => r.server_version);
  const redisVersion = /redis_version:(\S+)/.exec(await redis().info("server"))?.[1];

  say("measuring…");
  // The ratio cases run three times: the machine is noisy, so each target is the median of three ratios.
  const ratioRuns: CaseResult[][] = [];
  for (let i = 1; i <= RATIO_RUNS; i++) {
    say(`ratio cases, run ${i} of ${RATIO_RUNS}…`);
    ratioRuns.push([
      ...(await cases.readCases(run.databaseUrl)),
      await cases.cachedQueryCase(),
      await cases.connectionCase(run.databaseUrl),
    ]);
  }
  const results = [
    ...combineRuns(ratioRuns),
    await cases.insertCase(100, ["one_by_one", "batch", "copy", "prisma_create_many"], 9),
    await cases.insertCase(10_000, ["one_by_one", "batch", "copy", "prisma_create_many"], 3),
    await cases.insertCase(100_000, ["batch", "copy"], 3),
  ];
  const { rows: symbols } = await pool().query<{ symbol: string }>(
    "SELECT symbol FROM tickers ORDER BY market_cap DESC",
  );
  say("backup and restore, against pg_dump | gzip and gunzip | psql…");
  const backupRestore = await backupRestoreCases(run.databaseUrl, 3);
  results.push(backupRestore.backup, backupRestore.restore);
  say("online_index…");
  const onlineIndex = await onlineIndexCase(run.databaseUrl);
  const workload = await mixedWorkload(
    symbols.map((s) => s.symbol),
    run.redisUrl,
    run.redisPrefix,
  );

  const output = {
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      memory_gb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: pgVersion,
      redis: redisVersion,
      platform: `${os.platform()} ${os.release()}`,
      date: new Date().toISOString(),
      dataset: BENCH_SIZES,
    },
    cases: results,
    targets: TARGETS,
    target_ratios: targetRatios(ratioRuns),
    online_index: onlineIndex,
    backup_file_bytes: backupRestore.sizes,
    mixed_workload: workload,
    peak_rss_mb: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
  };
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/latest.json", `${JSON.stringify(output, null, 2)}\n`);
  console.log(report(output, output.target_ratios));
  console.log(`\n${onlineIndexReport(onlineIndex)}`);
} finally {
  clearInterval(memory);
  queryCache().close(); // the near cache's invalidation subscriber would keep the process alive
  await closeDb();
  await run.cleanup();
}
