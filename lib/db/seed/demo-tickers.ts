// Demo tickers a trader would recognise: the well-known ones on their real
// exchange, in their sector, near their real price; the rest made up, with
// plausible names, exchanges (mostly NASDAQ and NYSE) and prices. Each
// ticker's price follows a random walk from day to day, so a pivot never
// jumps from $46 to $416 between two scans.
import { pick, random } from "./prng";

const KNOWN: readonly [string, string, string, string, number][] = [
  ["AAPL", "Apple Inc.", "Technology", "NASDAQ", 228],
  ["MSFT", "Microsoft Corp.", "Technology", "NASDAQ", 415],
  ["NVDA", "NVIDIA Corp.", "Technology", "NASDAQ", 132],
  ["AMZN", "Amazon.com Inc.", "Consumer Discretionary", "NASDAQ", 186],
  ["META", "Meta Platforms Inc.", "Communication Services", "NASDAQ", 560],
  ["GOOGL", "Alphabet Inc.", "Communication Services", "NASDAQ", 165],
  ["TSLA", "Tesla Inc.", "Consumer Discretionary", "NASDAQ", 250],
  ["AVGO", "Broadcom Inc.", "Technology", "NASDAQ", 170],
  ["AMD", "Advanced Micro Devices", "Technology", "NASDAQ", 150],
  ["CRM", "Salesforce Inc.", "Technology", "NYSE", 290],
  ["NFLX", "Netflix Inc.", "Communication Services", "NASDAQ", 720],
  ["COST", "Costco Wholesale", "Consumer Staples", "NASDAQ", 890],
  ["LLY", "Eli Lilly and Co.", "Health Care", "NYSE", 880],
  ["UNH", "UnitedHealth Group", "Health Care", "NYSE", 580],
  ["JPM", "JPMorgan Chase & Co.", "Financials", "NYSE", 215],
  ["V", "Visa Inc.", "Financials", "NYSE", 285],
  ["MA", "Mastercard Inc.", "Financials", "NYSE", 500],
  ["XOM", "Exxon Mobil Corp.", "Energy", "NYSE", 118],
  ["CELH", "Celsius Holdings", "Consumer Staples", "NASDAQ", 32],
  ["SMCI", "Super Micro Computer", "Technology", "NASDAQ", 42],
  ["ANET", "Arista Networks", "Technology", "NYSE", 385],
  ["CRWD", "CrowdStrike Holdings", "Technology", "NASDAQ", 300],
  ["PANW", "Palo Alto Networks", "Technology", "NASDAQ", 360],
  ["NOW", "ServiceNow Inc.", "Technology", "NYSE", 950],
  ["DECK", "Deckers Outdoor", "Consumer Discretionary", "NYSE", 160],
  ["ELF", "e.l.f. Beauty", "Consumer Staples", "NYSE", 110],
  ["AXON", "Axon Enterprise", "Industrials", "NASDAQ", 400],
  ["CAT", "Caterpillar Inc.", "Industrials", "NYSE", 380],
  ["GE", "GE Aerospace", "Industrials", "NYSE", 185],
  ["UBER", "Uber Technologies", "Industrials", "NYSE", 75],
];
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
/** Listed companies are mostly on NASDAQ and NYSE; a few on NYSE American. */
const EXCHANGES = ["NASDAQ", "NASDAQ", "NASDAQ", "NYSE", "NYSE", "NYSE American"];
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
  const tickers: DemoTicker[] = KNOWN.slice(0, count).map(([symbol, name, sector, exchange]) => ({
    symbol,
    name,
    sector,
    exchange,
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

/** A number from a symbol, the same every time (FNV-1a). */
function hashOf(symbol: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Where a ticker's price starts: its real one for the known tickers, else between $5 and $500. */
export function basePrice(symbol: string): number {
  const known = KNOWN.find((k) => k[0] === symbol);
  return known ? known[4] : 5 * Math.exp((hashOf(symbol) / 2 ** 32) * Math.log(100));
}

/**
 * Each ticker's price on day 0 … `days` of a range: a random walk (about 2% a
 * day, no drift) from its base price, drawn once per ticker and range.
 */
export function priceWalk(days: number, seed: number): (symbol: string, day: number) => number {
  const walks = new Map<string, Float64Array>();
  return (symbol, day) => {
    let walk = walks.get(symbol);
    if (!walk) {
      const rand = random(hashOf(symbol) ^ seed);
      walk = new Float64Array(days + 1);
      walk[0] = basePrice(symbol);
      // A day's move: the sum of three uniforms is near-normal; 0.02 × it has a standard deviation of about 2%.
      for (let d = 1; d <= days; d++) walk[d] = walk[d - 1] * Math.exp((rand() + rand() + rand() - 1.5) * 0.034);
      walks.set(symbol, walk);
    }
    return walk[Math.min(Math.max(day, 0), days)];
  };
}
