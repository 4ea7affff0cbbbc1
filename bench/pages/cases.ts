// What the pages bench loads: every page as a role that sees it (the overview
// as both roles that have it), the scans page with the filters traders use and
// a page half-way down the table, every Insights tab, and the API's scan list
// and batch upload.
import type { Role } from "@/lib/auth/roles";
import { encodeCursor } from "@/lib/db/queries/cursor";

export type PageCase = { name: string; role: Role; path: string };
export type ApiCase = { name: string; method: "GET" | "POST"; path: string; body?: () => unknown };

/** What the cases need from the seeded database. */
export type CaseContext = { symbol: string; deepRow: { scannedAt: Date; id: number }; days: (n: number) => string };

const INSIGHTS_TABS = ["statistics", "waits", "plans", "activity", "maintenance", "checks", "statements"];

export function pageCases(c: CaseContext): PageCase[] {
  const deep = encodeCursor([c.deepRow.scannedAt, c.deepRow.id]);
  return [
    { name: "overview", role: "operator", path: "/" },
    { name: "overview", role: "admin", path: "/" },
    { name: "checklist", role: "admin", path: "/checklist" },
    { name: "scans", role: "trader", path: "/scans" },
    { name: "scans: VCP, score ≥ 7", role: "trader", path: "/scans?patternType=VCP&minScore=7" },
    { name: "scans: strong setups this week", role: "trader", path: `/scans?minScore=7&since=${c.days(7)}` },
    { name: "scans: one ticker", role: "trader", path: `/scans?ticker=${c.symbol}` },
    { name: "scans: by score", role: "trader", path: "/scans?sort=score" },
    { name: "scans: deep cursor page", role: "trader", path: `/scans?cursor=${deep}&page=20001` },
    { name: "ticker page", role: "trader", path: `/tickers/${c.symbol}` },
    { name: "watchlists", role: "trader", path: "/watchlists" },
    { name: "alerts", role: "trader", path: "/alerts" },
    { name: "alerts: one ticker", role: "trader", path: `/alerts?ticker=${c.symbol}` },
    { name: "operations", role: "operator", path: "/operations" },
    { name: "incidents", role: "operator", path: "/incidents" },
    ...INSIGHTS_TABS.map((tab) => ({ name: `insights: ${tab}`, role: "admin" as const, path: `/insights?tab=${tab}` })),
    { name: "users", role: "admin", path: "/users" },
    { name: "audit", role: "admin", path: "/audit" },
  ];
}

let uploads = 0;

export function apiCases(c: CaseContext): ApiCase[] {
  return [
    { name: "api: scans", method: "GET", path: "/api/scans" },
    { name: "api: scans VCP ≥ 7", method: "GET", path: "/api/scans?patternType=VCP&minScore=7" },
    { name: "api: scans one ticker", method: "GET", path: `/api/scans?ticker=${c.symbol}` },
    {
      name: "api: batch upload (100 rows)",
      method: "POST",
      path: "/api/scans/batch",
      body: () =>
        Array.from({ length: 100 }, (_, i) => ({
          ticker: c.symbol,
          patternType: "VCP",
          score: 5 + (i % 50) / 10,
          pivotPrice: 100 + (uploads++ % 1000) / 10,
          entryPrice: 101,
          details: { bench: true },
        })),
    },
  ];
}
