// npm run bench:sign-in: does a flood of sign-ins slow everyone else? On a
// private Postgres and Redis, the production build behind its front door
// (TRUSTED_PROXY_HOPS=1: each sign-in claims its own client address, so no
// throttle stops it and every one reaches the password check). /api/health
// is asked one request at a time while idle, then during waves of 200
// concurrent sign-ins (unknown accounts, 127.0.0.1 only), with password checks
// bounded as shipped (SIGN_IN_CONCURRENCY, default) and then unbounded (64).
// Prints medians and the ratio to idle; writes bench/results/sign-in-flood.json.
import { writeFileSync } from "node:fs";
import { percentile } from "@/lib/percentile";
import { startAppServer } from "@/test/app-server";
import { startPrivatePostgres, startPrivateRedis } from "@/test/private-cluster";
import { startLoadApp } from "./load/app-server";

const FLOOD = 200;
const WAVES = 5;
const say = (line: string) => console.log(`[sign-in] ${line}`);

/** /api/health's median, asked one request at a time: `count` times, or for as long as `work` runs. */
async function healthMedian(base: string, until: { count: number } | { work: Promise<unknown> }) {
  let running = true;
  if ("work" in until) void until.work.finally(() => (running = false));
  const samples: number[] = [];
  while ("count" in until ? samples.length < until.count : running) {
    const started = performance.now();
    await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
    samples.push(performance.now() - started);
  }
  return { median: percentile(samples, 50), n: samples.length };
}

async function flood(base: string) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const statuses: Record<number, number> = {};
  for (let wave = 0; wave < WAVES; wave++) {
    const answers = await Promise.all(
      Array.from({ length: FLOOD }, (_, i) =>
        fetch(`${base}/api/auth/callback/credentials`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            cookie,
            "x-forwarded-for": `10.${wave}.${i >> 8}.${i & 255}`,
          },
          body: new URLSearchParams({ csrfToken, email: `flood-${wave}-${i}@x.test`, password: "guess", json: "true" }),
        }).then((r) => r.status),
      ),
    );
    for (const status of answers) statuses[status] = (statuses[status] ?? 0) + 1;
  }
  return statuses;
}

async function measure(base: string, label: string) {
  await healthMedian(base, { count: 20 }); // warm
  const idle = await healthMedian(base, { count: 60 });
  const running = flood(base);
  const during = await healthMedian(base, { work: running });
  const statuses = await running;
  const row = {
    label,
    idle_ms: idle.median,
    flood_ms: during.median,
    ratio: during.median / idle.median,
    samples: during.n,
    statuses,
  };
  say(JSON.stringify(row));
  return row;
}

async function main() {
  const postgres = await startPrivatePostgres({ max_connections: "100" });
  const redis = await startPrivateRedis();
  const env = { TRUSTED_PROXY_HOPS: "1" };
  const app = await startLoadApp(postgres, redis, { token: "flood", statementTimeoutS: 5, env }, say);
  const rows = [];
  try {
    rows.push(await measure(app.base, "bounded (SIGN_IN_CONCURRENCY default)"));
  } finally {
    app.stop();
  }
  const unbounded = await startAppServer({ ...app.env, SIGN_IN_CONCURRENCY: "64" });
  try {
    rows.push(await measure(unbounded.base, "unbounded (SIGN_IN_CONCURRENCY=64)"));
  } finally {
    unbounded.stop();
    redis.destroy();
    postgres.destroy();
  }
  writeFileSync(
    "bench/results/sign-in-flood.json",
    `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`,
  );
  console.table(
    rows.map(({ statuses, ...r }) => ({ ...r, ratio: r.ratio.toFixed(2), statuses: JSON.stringify(statuses) })),
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
