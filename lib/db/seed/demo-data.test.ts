// The demo data a newcomer sees first must be believable: known tickers on
// their real exchange, prices that move like prices, patterns in proportion.
import { describe, expect, it } from "vitest";
import { DAY_MS, demoScans, demoTickers } from "@/lib/db/seed/demo-data";

const tickers = demoTickers(600);
const symbols = tickers.map((t) => t.symbol);

describe("demo data", () => {
  it("lists well-known tickers on their real exchange and the rest on NASDAQ, NYSE or NYSE American", () => {
    const exchangeOf = (s: string) => tickers.find((t) => t.symbol === s)?.exchange;
    expect([exchangeOf("NVDA"), exchangeOf("AAPL"), exchangeOf("JPM"), exchangeOf("XOM")]).toEqual([
      "NASDAQ",
      "NASDAQ",
      "NYSE",
      "NYSE",
    ]);
    expect(new Set(tickers.map((t) => t.exchange))).toEqual(new Set(["NASDAQ", "NYSE", "NYSE American"]));
  });

  it("moves each ticker's pivot by a few percent from one day to the next, never ten times", () => {
    const scans = demoScans(50_000, symbols, { now: new Date("2026-11-30T00:00:00Z") });
    const byTicker = new Map<string, { t: number; pivot: number }[]>();
    for (const s of scans)
      byTicker.set(s.ticker, [...(byTicker.get(s.ticker) ?? []), { t: +s.scannedAt!, pivot: s.pivotPrice! }]);
    let pairs = 0;
    let worst = 0;
    for (const list of byTicker.values())
      for (let i = 1; i < list.length; i++)
        if (list[i].t - list[i - 1].t <= DAY_MS) {
          pairs++;
          worst = Math.max(worst, Math.abs(Math.log(list[i].pivot / list[i - 1].pivot)));
        }
    expect(pairs).toBeGreaterThan(1_000);
    expect(worst).toBeLessThan(0.15); // at most about 16% between scans a day or less apart
    const nvda = byTicker.get("NVDA")!.map((s) => s.pivot);
    expect(Math.max(...nvda) / Math.min(...nvda)).toBeLessThan(3); // 90 days, not $46 one day and $416 another
  });

  it("finds the common patterns often and high tight flags rarely; a strong setup is about one in four", () => {
    const scans = demoScans(20_000, symbols);
    const share = (p: string) => scans.filter((s) => s.patternType === p).length / scans.length;
    expect(share("VCP")).toBeGreaterThan(share("FLAT_BASE"));
    expect(share("HIGH_TIGHT_FLAG")).toBeLessThan(0.08);
    const strong = scans.filter((s) => s.score >= 7).length / scans.length;
    expect(strong).toBeGreaterThan(0.15);
    expect(strong).toBeLessThan(0.35);
  });
});
