// Deterministic, realistic LegendAI data: tickers, pattern scans from daily
// scan runs over the last 90 days, watchlists, alerts and scan logs.
import type { ScanInput } from "@/lib/db/queries/scan-input";
import { ALERT_TYPES, PATTERN_TYPES } from "@/lib/validation";
import { basePrice, priceWalk } from "./demo-tickers";
import { pick, random, round } from "./prng";

export { demoTickers, type DemoTicker } from "./demo-tickers";
export { random } from "./prng";

/** How often the scanner finds each pattern: VCPs and cups are common, high tight flags rare. */
const PATTERN_WEIGHTS: Record<(typeof PATTERN_TYPES)[number], number> = {
  VCP: 0.3,
  CUP_WITH_HANDLE: 0.22,
  FLAT_BASE: 0.2,
  DOUBLE_BOTTOM: 0.12,
  ASCENDING_BASE: 0.11,
  HIGH_TIGHT_FLAG: 0.05,
};
function pickPattern(rand: () => number): string {
  let r = rand();
  for (const p of PATTERN_TYPES) if ((r -= PATTERN_WEIGHTS[p]) < 0) return p;
  return PATTERN_TYPES[0];
}

export const DAY_MS = 86_400_000;

/** `count` scans spread over scan runs in the `days` before `now`, newest last. */
export function demoScans(
  count: number,
  symbols: string[],
  options: { now?: Date; days?: number; seed?: number } = {},
): ScanInput[] {
  const rand = random(options.seed ?? 2);
  const now = (options.now ?? new Date()).getTime();
  const days = options.days ?? 90;
  const span = days * DAY_MS;
  const price = priceWalk(days, options.seed ?? 2);
  const scans: ScanInput[] = [];
  for (let i = 0; i < count; i++) {
    // Scores cluster around 5-6; a strong setup (>= 7) is roughly one in four.
    const score = round(Math.min(10, Math.max(0, 5.5 + (rand() + rand() + rand() - 1.5) * 4)), 1);
    const ticker = pick(rand, symbols);
    const day = Math.floor((days * i) / count);
    // The pivot: the top of the base, a little above where the stock trades that day; entry just above it.
    const pivot = round(price(ticker, day) * (1.01 + rand() * 0.04));
    scans.push({
      ticker,
      patternType: pickPattern(rand),
      score,
      pivotPrice: pivot,
      entryPrice: round(pivot * (1 + rand() * 0.01)),
      details: {
        contractions: 2 + Math.floor(rand() * 4),
        depthPct: round(8 + rand() * 27, 1),
        baseWeeks: 3 + Math.floor(rand() * 30),
        volumeDryUp: rand() > 0.4,
      },
      scannedAt: new Date(now - span + (span * i) / count),
    });
  }
  return scans;
}

export type DemoWatch = {
  ticker: string;
  patternType: string;
  targetPrice: number;
  notes: string | null;
  addedAt: Date;
  triggeredAt: Date | null;
};

export function demoWatchlist(symbols: string[], count: number, seed: number, now = new Date()): DemoWatch[] {
  const rand = random(seed);
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, symbols.length)) chosen.add(pick(rand, symbols));
  return [...chosen].map((ticker) => {
    const addedAt = new Date(now.getTime() - rand() * 90 * DAY_MS);
    const triggered = rand() < 0.3;
    return {
      ticker,
      patternType: pickPattern(rand),
      targetPrice: round(basePrice(ticker) * (1.02 + rand() * 0.08)),
      notes:
        rand() < 0.4
          ? pick(rand, [
              "Wait for volume confirmation",
              "Tight right side",
              "Earnings next week",
              "Leader in group",
              "Watch the pivot",
            ])
          : null,
      addedAt,
      triggeredAt: triggered ? new Date(addedAt.getTime() + rand() * (now.getTime() - addedAt.getTime())) : null,
    };
  });
}

export type DemoAlert = { ticker: string; alertType: string; channel: string; message: string; alertSentAt: Date };

export function demoAlerts(symbols: string[], count: number, seed: number, now = new Date()): DemoAlert[] {
  const rand = random(seed);
  return Array.from({ length: count }, () => {
    const ticker = pick(rand, symbols);
    const alertType = pick(rand, ALERT_TYPES);
    return {
      ticker,
      alertType,
      channel: pick(rand, ["telegram", "email", "webhook"]),
      message: `${ticker}: ${alertType.toLowerCase().replace(/_/g, " ")} at ${round(basePrice(ticker) * (0.9 + rand() * 0.2))}`,
      alertSentAt: new Date(now.getTime() - rand() * 90 * DAY_MS),
    };
  });
}

export type DemoScanLog = {
  startTime: Date;
  endTime: Date;
  status: "success" | "failed";
  tickersScanned: number;
  patternsFound: number;
  error: string | null;
};

/** Four scan runs a day (pre-market, open, midday, close) over `days`. */
export function demoScanLogs(days: number, tickerCount: number, seed = 3, now = new Date()): DemoScanLog[] {
  const rand = random(seed);
  const logs: DemoScanLog[] = [];
  const start = new Date(now.getTime() - days * DAY_MS);
  start.setUTCHours(0, 0, 0, 0);
  for (let day = 0; day < days; day++) {
    for (const hour of [12, 14, 17, 21]) {
      const startTime = new Date(start.getTime() + day * DAY_MS + hour * 3_600_000);
      if (startTime > now) continue;
      const failed = rand() < 0.03;
      logs.push({
        startTime,
        endTime: new Date(startTime.getTime() + (60 + rand() * 240) * 1000),
        status: failed ? "failed" : "success",
        tickersScanned: failed ? Math.floor(rand() * tickerCount) : tickerCount,
        patternsFound: failed ? 0 : 100 + Math.floor(rand() * 250),
        error: failed
          ? pick(rand, [
              "market data provider timed out",
              "rate limited by data provider (HTTP 429)",
              "worker killed: out of memory",
            ])
          : null,
      });
    }
  }
  return logs;
}
