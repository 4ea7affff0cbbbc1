// What tracing costs a request: two instances of the production build over
// one scratch database, one exporting every trace (OTLP/HTTP to a local
// receiver), one with tracing off, asked the same requests in turns. Prints
// the median of each and the ratio; `npm run bench:tracing` (after a build).
import { writeFileSync } from "node:fs";
import { startAppServer } from "@/test/app-server";
import { startOtlpReceiver } from "@/test/otlp-receiver";
import { createLocalRunResources } from "@/test/run-resources";
import { execFileSync } from "node:child_process";
import { ratio, runCase, type CaseResult } from "./measure";

/* eslint-disable no-restricted-properties -- the harness hands the app its environment */
const TOKEN = "bench-tracing-token";
const RUNS = 300;

async function main() {
  const run = await createLocalRunResources("bench-tracing");
  const receiver = await startOtlpReceiver();
  const env = {
    ...process.env,
    DATABASE_URL: run.databaseUrl,
    REDIS_KEY_PREFIX: run.redisPrefix,
    NEXTAUTH_SECRET: "bench-only-secret",
    SCANNER_API_TOKEN: TOKEN,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { env, stdio: "ignore" });
  const off = await startAppServer(env);
  const on = await startAppServer({ ...env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
  try {
    let n = 0;
    const get = (base: string, query: string) => async () => {
      const response = await fetch(`${base}/api/scans?${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      if (response.status !== 200) throw new Error(`${response.status} from ${base}`);
      await response.arrayBuffer();
    };
    const results: CaseResult[] = [];
    const cached = "patternType=VCP&limit=20";
    results.push(
      await runCase(
        "cached read",
        { off: { run: get(off.base, cached) }, on: { run: get(on.base, cached) } },
        { runs: RUNS, warmup: 20 },
      ),
    );
    // A new minimum score each time: a cache miss, so a query and its statements.
    const fresh = () => `limit=20&minScore=${(1 + (n++ % 100_000) / 100_000).toFixed(5)}`;
    results.push(
      await runCase(
        "uncached read",
        { off: { run: () => get(off.base, fresh())() }, on: { run: () => get(on.base, fresh())() } },
        { runs: RUNS, warmup: 20 },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the last batch of spans
    const lines = results.map(
      (r) =>
        `${r.name}: off ${r.variants.off.median_ms} ms, on ${r.variants.on.median_ms} ms (median of ${RUNS}): on/off ${ratio(r, "on", "off").toFixed(2)}×`,
    );
    lines.push(`spans received: ${receiver.spans.length}`);
    console.log(lines.join("\n"));
    writeFileSync(
      "bench/results/tracing.json",
      JSON.stringify({ runs: RUNS, results, spans: receiver.spans.length }, null, 2),
    );
  } finally {
    off.stop();
    on.stop();
    await receiver.close();
    await run.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
