// The pages bench's targets and table: each page's p50 at the largest size
// within 1.3× of its p50 at the smallest (cost flat in the data), and no page's
// server-time p50 over 300 ms at the largest size; cold and warm judged alike.
import type { Summary } from "./measure";

export type PageRow = Summary & {
  name: string;
  role: string;
  size: number;
  cache: "cold" | "warm";
  seed_s?: number;
};
export type PageTarget = { target: string; measured: string; met: boolean };

const GROWTH_MAX = 1.3;
const SERVER_P50_MAX_MS = 300;

const keyOf = (r: PageRow) => `${r.name} as ${r.role} (${r.cache})`;
const millions = (size: number) => `${size / 1_000_000}M`;

export function pagesTargets(rows: PageRow[], sizes: number[]): PageTarget[] {
  const smallest = Math.min(...sizes);
  const largest = Math.max(...sizes);
  const at = (size: number) => new Map(rows.filter((r) => r.size === size).map((r) => [keyOf(r), r]));
  const [small, large] = [at(smallest), at(largest)];
  const targets: PageTarget[] = [];
  for (const [key, big] of large) {
    const base = small.get(key);
    if (largest > smallest && base) {
      const growth = big.server_p50_ms / base.server_p50_ms;
      targets.push({
        target: `${key}: server p50 at ${millions(largest)} ≤ ${GROWTH_MAX}× at ${millions(smallest)}`,
        measured: `${growth.toFixed(2)}× (${base.server_p50_ms} → ${big.server_p50_ms} ms)`,
        met: growth <= GROWTH_MAX,
      });
    }
    targets.push({
      target: `${key}: server p50 at ${millions(largest)} ≤ ${SERVER_P50_MAX_MS} ms`,
      measured: `${big.server_p50_ms} ms`,
      met: big.server_p50_ms <= SERVER_P50_MAX_MS,
    });
  }
  return targets;
}

const ms = (n: number | null) => (n === null ? "–" : String(Math.round(n)));

/** One line per page, role and cache: p50/p95 of server time, TTFB and LCP at each size, and the growth. */
export function pagesReport(rows: PageRow[], sizes: number[], targets: PageTarget[]): string {
  const keys = [...new Set(rows.map(keyOf))];
  const columns = [
    "page",
    ...sizes.map((s) => `server p50/p95 ${millions(s)}`),
    ...sizes.flatMap((s) => [`TTFB p50/p95 ${millions(s)}`, `LCP p50/p95 ${millions(s)}`]),
    "growth",
  ];
  const lines = keys.map((key) => {
    const bySize = sizes.map((s) => rows.find((r) => keyOf(r) === key && r.size === s));
    const server = bySize.map((r) => (r ? `${ms(r.server_p50_ms)} / ${ms(r.server_p95_ms)}` : "–"));
    const browser = bySize.map((r) =>
      r ? `${ms(r.ttfb_p50_ms)} / ${ms(r.ttfb_p95_ms)} | ${ms(r.lcp_p50_ms)} / ${ms(r.lcp_p95_ms)}` : "– | –",
    );
    const [first, last] = [bySize[0], bySize.at(-1)];
    const growth =
      sizes.length > 1 && first && last ? `${(last.server_p50_ms / first.server_p50_ms).toFixed(2)}×` : "–";
    return `| ${key} | ${server.join(" | ")} | ${browser.join(" | ")} | ${growth} |`;
  });
  const missed = targets.filter((t) => !t.met);
  return [
    `| ${columns.join(" | ")} |`,
    `|${" --- |".repeat(columns.length)}`,
    ...lines,
    "",
    `${targets.length - missed.length} of ${targets.length} targets met${missed.length ? ":" : "."}`,
    ...missed.map((t) => `- missed: ${t.target}: ${t.measured}`),
  ].join("\n");
}
