// npm run bench:memory: the app server's resident memory, idle and at its peak
// under 200 clients for 20 s (127.0.0.1 only), on the demo data of a private
// cluster, once per Node heap setting in BENCH_MEMORY_HEAPS (MB, "default" for
// none): what bounds the app's memory, measured on the production build.
import { execFileSync } from "node:child_process";
import { startPrivatePostgres, startPrivateRedis } from "@/test/private-cluster";
import { startLoadApp } from "./load/app-server";
import { groupRssMb, peakRssUnderLoad } from "./pages/memory";

/* eslint-disable no-restricted-properties -- the harness hands the app its environment */
const HEAPS = (process.env.BENCH_MEMORY_HEAPS ?? "default,256").split(",");
const TOKEN = "memory-bench-token";
const say = (line: string) => console.error(`[memory] ${line}`);

async function main() {
  const postgres = await startPrivatePostgres({ max_connections: "100" });
  const redis = await startPrivateRedis();
  const rows = [];
  try {
    for (const [i, heap] of HEAPS.entries()) {
      const nodeOptions = heap === "default" ? "" : `--max-old-space-size=${heap}`;
      if (i > 0) execFileSync("psql", [postgres.url(), "-qc", "DROP DATABASE legendai_load WITH (FORCE)"]);
      const app = await startLoadApp(
        postgres,
        redis,
        { token: TOKEN, statementTimeoutS: 5, env: { NODE_OPTIONS: nodeOptions } },
        say,
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        const idle = groupRssMb(app.group);
        const load = await peakRssUnderLoad({
          base: app.base,
          token: TOKEN,
          group: app.group,
          clients: 200,
          durationMs: 20_000,
        });
        rows.push({ heap, idle_rss_mb: idle, ...load, rps: Math.round(load.requests / 20) });
        say(JSON.stringify(rows.at(-1)));
      } finally {
        app.stop();
      }
    }
  } finally {
    redis.destroy();
    postgres.destroy();
  }
  console.log(
    "| Node heap limit | idle RSS | peak RSS, 200 clients | requests/s | errors |\n| --- | ---: | ---: | ---: | ---: |",
  );
  for (const r of rows)
    console.log(
      `| ${r.heap === "default" ? "default" : `${r.heap} MB`} | ${r.idle_rss_mb} MB | ${r.peak_rss_mb} MB | ${r.rps} | ${r.errors} |`,
    );
}

await main();
