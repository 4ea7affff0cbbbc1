// Deterministic, realistic LegendAI data: tickers, pattern scans from daily
// scan runs over the last 90 days, watchlists, alerts and scan logs.
import type { ScanInput } from "@/lib/db/queries/scan-input";
import { ALERT_TYPES, PATTERN_TYPES } from "@/lib/validation";

/** A small seeded PRNG (mulberry32): the same seed gives the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

const KNOWN = [
  ["AAPL", "Apple Inc.", "Technology"],
  ["MSFT", "Microsoft Corp.", "Technology"],
  ["NVDA", "NVIDIA Corp.", "Technology"],
  ["AMZN", "Amazon.com Inc.", "Consumer Discretionary"],
  ["META", "Meta Platforms Inc.", "Communication Services"],
  ["GOOGL", "Alphabet Inc.", "Communication Services"],
  ["TSLA", "Tesla Inc.", "Consumer Discretionary"],
  ["AVGO", "Broadcom Inc.", "Technology"],
  ["AMD", "Advanced Micro Devices", "Technology"],
  ["CRM", "Salesforce Inc.", "Technology"],
  ["NFLX", "Netflix Inc.", "Communication Services"],
  ["COST", "Costco Wholesale", "Consumer Staples"],
  ["LLY", "Eli Lilly and Co.", "Health Care"],
  ["UNH", "UnitedHealth Group", "Health Care"],
  ["JPM", "JPMorgan Chase & Co.", "Financials"],
  ["V", "Visa Inc.", "Financials"],
  ["MA", "Mastercard Inc.", "Financials"],
  ["XOM", "Exxon Mobil Corp.", "Energy"],
  ["CELH", "Celsius Holdings", "Consumer Staples"],
  ["SMCI", "Super Micro Computer", "Technology"],
  ["ANET", "Arista Networks", "Technology"],
  ["CRWD", "CrowdStrike Holdings", "Technology"],
  ["PANW", "Palo Alto Networks", "Technology"],
  ["NOW", "ServiceNow Inc.", "Technology"],
  ["DECK", "Deckers Outdoor", "Consumer Discretionary"],
  ["ELF", "e.l.f. Beauty", "Consumer Staples"],
  ["AXON", "Axon Enterprise", "Industrials"],
  ["CAT", "Caterpillar Inc.", "Industrials"],
  ["GE", "GE Aerospace", "Industrials"],
  ["UBER", "Uber Technologies", "Industrials"],
] as const;
const SECTORS = [
  "Technology",
  "Health Care",
  "Financials",
  "Industrials",
  "Energy",
  "Consumer Discretionary",
  "Consumer Staples",
  "Materials",
  "Utilities",
  "Real Estate",
  "Communication Services",
];
const EXCHANGES = ["NASDAQ", "NYSE", "NYSE American"];
const WORDS = [
  "Apex",
  "Summit",
  "Vertex",
  "Harbor",
  "Granite",
  "Nova",
  "Pioneer",
  "Atlas",
  "Beacon",
  "Crescent",
  "Evergreen",
  "Falcon",
  "Keystone",
  "Meridian",
  "Orion",
  "Quantum",
  "Sterling",
  "Titan",
  "Vista",
  "Zenith",
];
const SUFFIXES = [
  "Holdings",
  "Technologies",
  "Therapeutics",
  "Systems",
  "Energy",
  "Industries",
  "Group",
  "Networks",
  "Brands",
  "Materials",
];

export type DemoTicker = { symbol: string; name: string; sector: string; exchange: string; marketCap: bigint };

export function demoTickers(count: number, seed = 1): DemoTicker[] {
  const rand = random(seed);
  const tickers: DemoTicker[] = KNOWN.slice(0, count).map(([symbol, name, sector]) => ({
    symbol,
    name,
    sector,
    exchange: pick(rand, EXCHANGES.slice(0, 2)),
    marketCap: BigInt(Math.round(50e9 + rand() * 2.5e12)),
  }));
  const used = new Set(tickers.map((t) => t.symbol));
  while (tickers.length < count) {
    const length = 3 + Math.floor(rand() * 2);
    const symbol = Array.from({ length }, () => String.fromCharCode(65 + Math.floor(rand() * 26))).join("");
    if (used.has(symbol)) continue;
    used.add(symbol);
    tickers.push({
      symbol,
      name: `${pick(rand, WORDS)} ${pick(rand, SUFFIXES)}`,
      sector: pick(rand, SECTORS),
      exchange: pick(rand, EXCHANGES),
      marketCap: BigInt(Math.round(3e8 * Math.exp(rand() * 6))),
    });
  }
  return tickers;
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
  const span = (options.days ?? 90) * DAY_MS;
  const scans: ScanInput[] = [];
  for (let i = 0; i < count; i++) {
    // Scores cluster around 5-6; a strong setup (>= 7) is roughly one in four.
    const score = round(Math.min(10, Math.max(0, 5.5 + (rand() + rand() + rand() - 1.5) * 4)), 1);
    const pivot = round(5 + rand() * 495);
    scans.push({
      ticker: pick(rand, symbols),
      patternType: pick(rand, PATTERN_TYPES),
      score,
      pivotPrice: pivot,
      entryPrice: round(pivot * (1 + rand() * 0.03)),
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
      patternType: pick(rand, PATTERN_TYPES),
      targetPrice: round(10 + rand() * 490),
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
      message: `${ticker}: ${alertType.toLowerCase().replace(/_/g, " ")} at ${round(10 + rand() * 490)}`,
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
