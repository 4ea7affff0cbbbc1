// Property-based: whatever a client sends, the route handlers answer 2xx or
// 4xx (never 5xx), and a refused upload writes nothing.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, prisma, redis } from "@/lib/db/client";
import { waitUntilReady } from "@/lib/db/redis";
import { resetData } from "@/test/reset";
import { jsonish, text } from "@/test/fuzz-values";
import { GET as scans } from "./scans/route";
import { POST as batch } from "./scans/batch/route";
import { GET as health } from "./health/route";
import { GET as metrics } from "./metrics/route";

const TOKEN = "fuzz-scanner-token";
/* eslint-disable no-restricted-properties -- the app reads its tokens from the environment */
const previous = { scanner: process.env.SCANNER_API_TOKEN, metrics: process.env.METRICS_TOKEN };
process.env.SCANNER_API_TOKEN = TOKEN;
process.env.METRICS_TOKEN = TOKEN;
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  await resetData();
  await waitUntilReady(redis(), 2000);
});
afterAll(async () => {
  process.env.SCANNER_API_TOKEN = previous.scanner;
  process.env.METRICS_TOKEN = previous.metrics;
  await closeDb();
});
/* eslint-enable no-restricted-properties */

const PARAMS = ["limit", "patternType", "minScore", "ticker", "since", "until", "cursor", "before", "range", "x"];
const VALID_QUERY = { limit: "5", patternType: "VCP", minScore: "7", ticker: "AAPL", since: "2026-01-01" };
/** A valid query with one to three parameters replaced by hostile values: each bad value meets the code alone. */
const query = fc
  .tuple(
    fc.subarray(Object.keys(VALID_QUERY)),
    fc.dictionary(fc.constantFrom(...PARAMS), text, { minKeys: 1, maxKeys: 3 }),
  )
  .map(([kept, hostile]) => ({
    ...Object.fromEntries(kept.map((k) => [k, VALID_QUERY[k as keyof typeof VALID_QUERY]])),
    ...hostile,
  }));
const url = (path: string, params: Record<string, string>) => `http://localhost${path}?${new URLSearchParams(params)}`;

const VALID_SCAN = {
  ticker: "AAPL",
  patternType: "VCP",
  score: 7.5,
  pivotPrice: 101.5,
  details: { n: 1 },
  scannedAt: "2026-01-02T03:04:05Z",
};
const FIELDS = ["ticker", "patternType", "score", "pivotPrice", "entryPrice", "details", "scannedAt"] as const;
/** A valid scan with one field replaced by a hostile value (or dropped). */
const scanLike = fc
  .tuple(fc.constantFrom(...FIELDS), fc.oneof(jsonish, text, fc.constant(undefined)), fc.boolean())
  .map(([field, value, wrapInDetails]) =>
    wrapInDetails && field !== "details"
      ? { ...VALID_SCAN, details: { [field]: value } }
      : { ...VALID_SCAN, [field]: value },
  );
const body = fc.oneof(
  fc.array(scanLike, { minLength: 1, maxLength: 4 }),
  fc.record({ scans: fc.array(scanLike, { maxLength: 4 }) }),
  jsonish,
);

describe("route handlers under fuzzing", () => {
  it("GET /api/scans answers 200 or 400 for any query", async () => {
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const response = await scans(new Request(url("/api/scans", params), { headers: auth }));
        expect([200, 400]).toContain(response.status);
      }),
      { numRuns: 300 },
    );
  });

  it("POST /api/scans/batch answers 201, 400 or 413, and writes nothing unless 201", async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (payload, asText) => {
        const before = await prisma().patternScan.count();
        const response = await batch(
          new Request("http://localhost/api/scans/batch", {
            method: "POST",
            headers: { ...auth, "content-type": "application/json" },
            body: asText && typeof payload === "string" ? payload : JSON.stringify(payload),
          }),
        );
        expect([201, 400, 413]).toContain(response.status);
        if (response.status !== 201) expect(await prisma().patternScan.count()).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it("GET /api/health and /api/metrics answer 200 or 401 whatever the headers", async () => {
    const headers = fc.dictionary(fc.constantFrom("authorization", "x-forwarded-for", "cookie"), text, { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(headers, async (h) => {
        const safe = Object.fromEntries(Object.entries(h).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v))); // what fetch can send
        expect([200, 401]).toContain(
          (await health(new Request("http://localhost/api/health", { headers: safe }))).status,
        );
        const scrape = await metrics(
          new Request("http://localhost/api/metrics", {
            headers: { ...safe, authorization: safe.authorization ?? "Bearer x" },
          }),
        );
        expect([200, 401]).toContain(scrape.status);
      }),
      { numRuns: 100 },
    );
  });
});
