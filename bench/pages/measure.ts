// One page (or API call) loaded N times, cold and warm, reduced to p50/p95.
// Pages load in Chromium: server time is the request until the document's last
// byte (every streamed part rendered), TTFB the navigation until its first
// byte, LCP the largest contentful paint, all from the browser's own timing
// entries. Cold: Redis emptied and every instance's near cache dropped (the
// invalidation message a restore sends) before each load; the operating
// system's page cache is left alone. Warm: the same load straight after.
import type { Page } from "@playwright/test";
import type { Redis } from "ioredis";
import { EVERYTHING, invalidationChannel } from "@/lib/db/cache/invalidations";
import { percentile } from "@/lib/percentile";

export type Timing = { server: number; ttfb: number | null; lcp: number | null };
export type Summary = {
  server_p50_ms: number;
  server_p95_ms: number;
  ttfb_p50_ms: number | null;
  ttfb_p95_ms: number | null;
  lcp_p50_ms: number | null;
  lcp_p95_ms: number | null;
};

export async function emptyCaches(redis: Redis, prefix: string): Promise<void> {
  await redis.flushall();
  await redis.publish(invalidationChannel(prefix), JSON.stringify([EVERYTHING])); // as a restore sends it
}

/**
 * One load of `url` in `page` (a tab kept per role, as a person keeps one
 * open): the browser's own timings of the document. LCP is read from a
 * buffered observer; a page that paints nothing contentful has none.
 */
export async function loadPage(page: Page, url: string): Promise<Timing> {
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || response.status() !== 200 || new URL(page.url()).pathname !== new URL(url).pathname)
    throw new Error(`${url} answered ${response?.status()} at ${page.url()}: not the page measured`);
  return page.evaluate(
    () =>
      new Promise<Timing>((resolve) => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const timing = { server: nav.responseEnd - nav.requestStart, ttfb: nav.responseStart - nav.startTime };
        new PerformanceObserver((list) => {
          resolve({ ...timing, lcp: list.getEntries().at(-1)!.startTime });
        }).observe({ type: "largest-contentful-paint", buffered: true });
        setTimeout(() => resolve({ ...timing, lcp: null }), 250);
      }),
  );
}

/** One API call: the request until the last byte of its answer. */
export async function callApi(url: string, init: RequestInit): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`${init.method ?? "GET"} ${url} answered ${response.status}`);
  return { server: performance.now() - started, ttfb: null, lcp: null };
}

const round = (n: number) => Math.round(n * 10) / 10;

function pair(values: (number | null)[]): [number | null, number | null] {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return known.length ? [round(percentile(known, 50)), round(percentile(known, 95))] : [null, null];
}

export function summarise(timings: Timing[]): Summary {
  const [server_p50_ms, server_p95_ms] = pair(timings.map((t) => t.server)) as [number, number];
  const [ttfb_p50_ms, ttfb_p95_ms] = pair(timings.map((t) => t.ttfb));
  const [lcp_p50_ms, lcp_p95_ms] = pair(timings.map((t) => t.lcp));
  return { server_p50_ms, server_p95_ms, ttfb_p50_ms, ttfb_p95_ms, lcp_p50_ms, lcp_p95_ms };
}

/** `loads` cold loads, each followed by a warm one (so both see the same moment of the run). */
export async function coldAndWarm(
  loads: number,
  empty: () => Promise<void>,
  once: () => Promise<Timing>,
): Promise<{ cold: Summary; warm: Summary }> {
  const cold: Timing[] = [];
  const warm: Timing[] = [];
  await once(); // the first request of a route compiles nothing in production, but opens its connections
  for (let i = 0; i < loads; i++) {
    await empty();
    cold.push(await once());
    warm.push(await once());
  }
  return { cold: summarise(cold), warm: summarise(warm) };
}
