// npm run bench:pages: every page and the API timed on the production build at
// 1,000,000 and 10,000,000 scans (BENCH_PAGES_SCALES=1,10 by default), on a
// private PostgreSQL with pg_stat_statements loaded and a private Redis.
// Writes bench/results/pages.json and prints the table for docs/benchmark.md.
// Never part of CI: the 10M size seeds for minutes and needs ~12 GB of disk.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { Redis } from "ioredis";
import { cookieJar, signInOverHttp, startAppServer } from "@/test/app-server";
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres } from "@/test/private-cluster";
import { DEMO_USERS } from "@/lib/db/seed/seed";
import type { Role } from "@/lib/auth/roles";
import { apiCases, pageCases, type CaseContext } from "./cases";
import { callApi, coldAndWarm, emptyCaches, loadPage } from "./measure";
import { peakRssUnderLoad } from "./memory";
import { pagesReport, pagesTargets, type PageRow } from "./report";

/* eslint-disable no-restricted-properties -- the harness hands the app its environment */
const SCALES = (process.env.BENCH_PAGES_SCALES ?? "1,10").split(",").map(Number);
const LOADS = Number(process.env.BENCH_PAGES_LOADS ?? "30");
/** BENCH_PAGES_ONLY=overview,operations: those cases only (while investigating; a full run is what counts). */
const ONLY = process.env.BENCH_PAGES_ONLY?.split(",");
const chosen = <T extends { name: string }>(cases: T[]) =>
  ONLY ? cases.filter((c) => ONLY.some((part) => c.name.includes(part))) : cases;
const TOKEN = "pages-bench-token";
const PREFIX = "legendai-pages:";
const say = (line: string) => console.error(`[pages] ${line}`);

async function seed(postgres: PrivatePostgres, database: string, scale: number): Promise<number> {
  execFileSync("psql", [postgres.url(), "-qc", `CREATE DATABASE ${database}`]);
  const env = { ...process.env, DATABASE_URL: postgres.url(database), REDIS_URL: "redis://127.0.0.1:1" };
  execFileSync("node", ["--import", "tsx", "ops/cli/db-migrate.ts"], { env, stdio: "ignore" });
  execFileSync("psql", [postgres.url(database), "-qc", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"]);
  const started = performance.now();
  execFileSync("node", ["--import", "tsx", "bench/pages/seed.ts", String(scale)], { env, stdio: "inherit" });
  return (performance.now() - started) / 1000;
}

async function context(postgres: PrivatePostgres, database: string): Promise<CaseContext> {
  const sql = (query: string) =>
    execFileSync("psql", [postgres.url(database), "-AtF", "\t", "-c", query], { encoding: "utf8" }).trim();
  const symbol = sql("SELECT ticker FROM pattern_scans GROUP BY ticker ORDER BY count(*) DESC LIMIT 1");
  const [at, id] = sql(
    "SELECT to_json(scanned_at)#>>'{}', id FROM pattern_scans ORDER BY scanned_at DESC, id DESC OFFSET 500000 LIMIT 1",
  ).split("\t");
  const days = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  return { symbol, deepRow: { scannedAt: new Date(at), id: Number(id) }, days };
}

/** A signed-in cookie jar; a sign-in the server dropped while it settled (seen once at 10M) is tried again. */
async function signedIn(base: string, email: string, password: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      const { jar, response } = await signInOverHttp(base, email, password, cookieJar());
      if (response.status < 400) return jar;
      throw new Error(`sign-in as ${email} answered ${response.status}`);
    } catch (error) {
      if (attempt === 3) throw error;
      say(`sign-in as ${email} failed (${(error as Error).message}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

type Memory = { size: number; clients: number; peak_rss_mb: number; requests: number; errors: number };
const memory: Memory[] = [];
const LOAD_CLIENTS = 200;

async function measureSize(postgres: PrivatePostgres, redisUrl: string, scale: number): Promise<PageRow[]> {
  const size = 1_000_000 * scale;
  const database = `legendai_pages_${scale}`;
  say(`seeding ${size.toLocaleString("en")} scans…`);
  const seedSeconds = await seed(postgres, database, scale);
  say(
    `seeded in ${seedSeconds.toFixed(0)} s (${execFileSync("du", ["-sh", postgres.dir]).toString().split("\t")[0]} on disk)`,
  );
  const env = {
    ...process.env,
    DATABASE_URL: postgres.url(database),
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: PREFIX,
    NEXTAUTH_SECRET: "pages-bench-only-secret",
    SCANNER_API_TOKEN: TOKEN,
    METRICS_TOKEN: TOKEN,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const server = await startAppServer(env, path.join(tmpdir(), `legendai-pages-server-${process.pid}.log`));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  const redis = new Redis(redisUrl);
  const rows: PageRow[] = [];
  try {
    const c = await context(postgres, database);
    const tabs = new Map<Role, Page>();
    for (const role of ["trader", "operator", "admin"] as const) {
      const user = DEMO_USERS.find((u) => u.role === role)!;
      const jar = await signedIn(server.base, user.email, user.password);
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await ctx.addCookies(
        jar
          .header()
          .split("; ")
          .map((pair) => pair.split("="))
          .map(([name, ...value]) => ({ name, value: value.join("="), url: server.base })),
      );
      tabs.set(role, await ctx.newPage());
    }
    const empty = () => emptyCaches(redis, PREFIX);
    for (const page of chosen(pageCases(c))) {
      const measured = await coldAndWarm(LOADS, empty, () => loadPage(tabs.get(page.role)!, server.base + page.path));
      for (const cache of ["cold", "warm"] as const)
        rows.push({ name: page.name, role: page.role, size, cache, ...measured[cache] });
      say(
        `${page.name} as ${page.role}: server p50 cold ${measured.cold.server_p50_ms} ms, warm ${measured.warm.server_p50_ms} ms`,
      );
    }
    for (const api of chosen(apiCases(c))) {
      const init = () => ({
        method: api.method,
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: api.body ? JSON.stringify(api.body()) : undefined,
      });
      const measured = await coldAndWarm(LOADS, empty, () => callApi(server.base + api.path, init()));
      for (const cache of ["cold", "warm"] as const)
        rows.push({ name: api.name, role: "scanner", size, cache, ...measured[cache] });
      say(`${api.name}: p50 cold ${measured.cold.server_p50_ms} ms, warm ${measured.warm.server_p50_ms} ms`);
    }
    const load = await peakRssUnderLoad({
      base: server.base,
      token: TOKEN,
      group: server.child.pid!,
      clients: LOAD_CLIENTS,
      durationMs: 30_000,
    });
    memory.push({ size, clients: LOAD_CLIENTS, ...load });
    say(
      `${LOAD_CLIENTS} clients for 30 s: peak RSS ${load.peak_rss_mb} MB, ${load.requests} requests, ${load.errors} errors`,
    );
  } finally {
    redis.disconnect();
    await browser.close();
    server.stop();
    execFileSync("psql", [postgres.url(), "-qc", `DROP DATABASE ${database} WITH (FORCE)`]);
  }
  rows.forEach((r) => (r.seed_s = Math.round(seedSeconds)));
  return rows;
}

async function main(): Promise<number> {
  const postgres = await startPrivatePostgres({
    shared_preload_libraries: "pg_stat_statements",
    max_connections: "100",
    shared_buffers: "1GB",
  });
  const redis = await startPrivateRedis();
  try {
    const rows: PageRow[] = [];
    for (const scale of SCALES) rows.push(...(await measureSize(postgres, redis.url, scale)));
    const sizes = SCALES.map((s) => s * 1_000_000);
    const targets = [
      ...pagesTargets(rows, sizes),
      ...memory.map((m) => ({
        target: `app RSS under ${m.clients} clients at ${m.size.toLocaleString("en")} scans < 600 MB`,
        measured: `${m.peak_rss_mb} MB (${m.requests} requests, ${m.errors} errors)`,
        met: m.peak_rss_mb < 600 && m.errors === 0,
      })),
    ];
    await mkdir("bench/results", { recursive: true });
    if (!ONLY)
      await writeFile(
        "bench/results/pages.json",
        `${JSON.stringify({ sizes, loads: LOADS, pages: rows, targets, memory }, null, 2)}\n`,
      );
    console.log(pagesReport(rows, sizes, targets));
    for (const m of memory)
      console.log(
        `${m.size.toLocaleString("en")} scans, ${m.clients} clients: peak RSS ${m.peak_rss_mb} MB (target < 600), ${m.requests} requests, ${m.errors} errors`,
      );
    return targets.every((t) => t.met) ? 0 : 1;
  } finally {
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
