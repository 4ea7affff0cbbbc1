// With Redis unreachable, the routes still answer from Postgres, quickly.
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { saveScansBatch } from "@/lib/db/queries/scans";
import { resetData } from "@/test/reset";
import { GET } from "./route";
import { GET as health } from "../health/route";

/* eslint-disable no-restricted-properties -- point this process's app at a closed Redis port */
const previous = {
  redis: process.env.REDIS_URL,
  token: process.env.SCANNER_API_TOKEN,
  metrics: process.env.METRICS_TOKEN,
};
process.env.REDIS_URL = "redis://127.0.0.1:1";
process.env.SCANNER_API_TOKEN = "redis-down-test-token";
process.env.METRICS_TOKEN = "redis-down-metrics-token";
const withToken = { headers: { authorization: "Bearer redis-down-test-token" } };

beforeAll(async () => {
  await resetData();
  await saveScansBatch([{ ticker: "AAPL", patternType: "VCP", score: 9 }]);
});
afterAll(async () => {
  process.env.REDIS_URL = previous.redis;
  process.env.SCANNER_API_TOKEN = previous.token;
  process.env.METRICS_TOKEN = previous.metrics;
  await closeDb();
});

it("GET /api/scans answers from Postgres, within ~50 ms of its usual time, every time", async () => {
  await GET(new Request("http://localhost/api/scans?limit=1", withToken)); // the Prisma client's cold start is not Redis's cost
  const timings: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    const response = await GET(new Request(`http://localhost/api/scans?limit=5&minScore=${i % 3}`, withToken));
    timings.push(performance.now() - started);
    expect(response.status).toBe(200);
    expect((await response.json()).items[0].ticker).toBe("AAPL");
  }
  timings.sort((a, b) => a - b);
  expect(timings[Math.floor(timings.length / 2)]).toBeLessThan(50);
  expect(timings.at(-1)).toBeLessThan(150);
});

it("GET /api/health says degraded, with 200", async () => {
  const response = await health(
    new Request("http://localhost/api/health", { headers: { authorization: "Bearer redis-down-metrics-token" } }),
  );
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: "degraded", connection: true, redis: { connection: false } });
});
