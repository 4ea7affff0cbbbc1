import { spawnSync } from "node:child_process";
// The route handlers, called as Next calls them: a Request in, a Response out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, prisma, redis } from "@/lib/db/client";
import { waitUntilReady } from "@/lib/db/redis";
import { saveScansBatch } from "@/lib/db/queries/scans";
import { resetData } from "@/test/reset";
import { GET } from "./route";
import { POST } from "./batch/route";
import { GET as health } from "../health/route";
import { GET as metrics } from "../metrics/route";

const TOKEN = "test-scanner-token-0123456789";
/* eslint-disable no-restricted-properties -- the app reads its token from the environment */
const METRICS_TOKEN = "test-metrics-token";
const previous = { scanner: process.env.SCANNER_API_TOKEN, metrics: process.env.METRICS_TOKEN };
process.env.SCANNER_API_TOKEN = TOKEN;
process.env.METRICS_TOKEN = METRICS_TOKEN;

beforeAll(async () => {
  await resetData();
  await waitUntilReady(redis(), 2000);
  await saveScansBatch(
    Array.from({ length: 60 }, (_, i) => ({
      ticker: `T${i}`,
      patternType: i % 2 ? "VCP" : "FLAT_BASE",
      score: i % 10,
      scannedAt: new Date(Date.now() - i * 60_000),
    })),
  );
});
afterAll(async () => {
  process.env.SCANNER_API_TOKEN = previous.scanner;
  process.env.METRICS_TOKEN = previous.metrics;
  await closeDb();
});

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const get = (query: string, token = TOKEN) => GET(new Request(`http://localhost/api/scans${query}`, bearer(token)));
const scrape = () => metrics(new Request("http://localhost/api/metrics", bearer(METRICS_TOKEN)));
const post = (body: unknown, token: string | null = TOKEN) =>
  POST(
    new Request("http://localhost/api/scans/batch", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

describe("GET /api/scans", () => {
  it("refuses a wrong token (signed-in users need none: see the e2e suite)", async () => {
    const response = await get("?limit=1", "not-the-token");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("returns filtered scans newest first, with a cursor to the next page", async () => {
    const response = await get("?patternType=VCP&minScore=7&limit=5");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.items).toHaveLength(5);
    expect(
      body.items.every((s: { patternType: string; score: number }) => s.patternType === "VCP" && s.score >= 7),
    ).toBe(true);
    const next = await (await get(`?patternType=VCP&minScore=7&limit=5&cursor=${body.nextCursor}`)).json();
    expect(next.items[0].id).not.toBe(body.items[0].id);
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=501", "limit"],
    ["?limit=ten", "limit"],
    ["?minScore=abc", "minScore"],
    ["?patternType=vcp!", "patternType"],
    ["?cursor=garbage", "cursor"],
    ["?since=2026-02-01&until=2026-01-01", "since"],
    ["?since=yesterday", "since"],
  ])("answers %s with 400 naming %s", async (query, field) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.field).toBe(field);
    expect(body.error).toContain(field);
  });
});

describe("POST /api/scans/batch", () => {
  const scan = { ticker: "AAPL", patternType: "VCP", score: 8.5, pivotPrice: 200, scannedAt: new Date().toISOString() };

  it("refuses a missing or wrong token with 401", async () => {
    expect((await post([scan], null)).status).toBe(401);
    expect((await post([scan], "wrong-token")).status).toBe(401);
    expect((await post([scan], `${TOKEN}x`)).status).toBe(401);
  });

  it("writes a batch and reports the count", async () => {
    const before = await prisma().patternScan.count();
    const response = await post({ scans: [scan, { ...scan, ticker: "MSFT" }] });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ written: 2 });
    expect(await prisma().patternScan.count()).toBe(before + 2);
  });

  it("rejects the batch naming the first bad row, writing nothing", async () => {
    const before = await prisma().patternScan.count();
    const response = await post([scan, { ...scan, score: "high" }, { ...scan, ticker: "" }]);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ field: "scans[1].score", index: 1 });
    expect(body.error).toMatch(/row 1/);
    expect(await prisma().patternScan.count()).toBe(before);
  });

  it("rejects bodies that are not a list of scans, and batches over 10,000", async () => {
    expect((await post("{not json")).status).toBe(400);
    expect(await (await post({ rows: [] })).json()).toMatchObject({ field: "scans" });
    const tooMany = await post(Array.from({ length: 10_001 }, () => scan));
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).error).toMatch(/at most 10000/);
  });
});

describe("GET /api/health and /api/metrics", () => {
  it("reports healthy with the pool status to a monitoring token", async () => {
    const response = await health(new Request("http://localhost/api/health", bearer(METRICS_TOKEN)));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "healthy", connection: true, pool: { size: 5, max: 15 } });
  });

  it("tells anyone else the status only: no pool counters, latencies or connection errors", async () => {
    const response = await health(new Request("http://localhost/api/health"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "healthy" });
    const wrong = await health(new Request("http://localhost/api/health", bearer("not-the-token")));
    expect(await wrong.json()).toEqual({ status: "healthy" });
  });

  it("passes promtool check metrics (Debian's prometheus package)", async () => {
    await scrape(); // the registry exists before the query, as on a server
    await get("?limit=4");
    const text = await (await scrape()).text();
    const check = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(check.error).toBeUndefined();
    expect(`${check.stdout}${check.stderr}`.trim()).toBe("");
    expect(check.status).toBe(0);
  });

  it("refuses a scrape with the wrong token", async () => {
    expect((await metrics(new Request("http://localhost/api/metrics", bearer(TOKEN)))).status).toBe(401);
  });

  it("serves Prometheus text with pool, cache and query latency", async () => {
    await scrape(); // the server creates the registry at start (instrumentation.ts)
    await get("?limit=3");
    await get("?limit=3");
    const text = await (await scrape()).text();
    expect(text).toMatch(/legendai_db_pool_max_connections 15/);
    expect(text).toMatch(/legendai_db_pool_connections\{state="(in_use|idle)"\} \d+/);
    expect(text).not.toMatch(/legendai_db_pool_connections\{state="(max|size|total|waiting|overflow)"\}/); // one sum() = the open connections
    expect(text).toMatch(/legendai_cache_requests_total\{result="hit"\} [1-9]/);
    expect(text).toMatch(/legendai_db_query_duration_seconds_count\{query="PatternScan.findMany"\} [1-9]/);
  });
});
