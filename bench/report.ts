// The benchmark's markdown report: medians, spread, and each target checked.
import type { CaseResult } from "./measure";
import { ratio } from "./measure";
import type { WorkloadResult } from "./workload";

type Target = { case: string; numerator: string; denominator: string; op: ">=" | "<="; value: number };

/** The issue's targets, as ratios of medians. */
export const TARGETS: Target[] = [
  { case: "recent_scans", numerator: "no_index", denominator: "indexed", op: ">=", value: 10 },
  { case: "recent_scans", numerator: "indexed", denominator: "select_1", op: "<=", value: 2.5 },
  { case: "watchlist_load", numerator: "no_index", denominator: "indexed", op: ">=", value: 10 },
  { case: "alert_history", numerator: "no_index", denominator: "indexed", op: ">=", value: 10 },
  { case: "bulk_insert_100", numerator: "one_by_one", denominator: "batch", op: ">=", value: 10 },
  { case: "bulk_insert_100", numerator: "batch", denominator: "copy", op: "<=", value: 2 },
  { case: "bulk_insert_10000", numerator: "one_by_one", denominator: "batch", op: ">=", value: 50 },
  { case: "bulk_insert_10000", numerator: "batch", denominator: "copy", op: "<=", value: 2 },
  { case: "bulk_insert_100000", numerator: "batch", denominator: "copy", op: "<=", value: 2 },
  { case: "cached_query", numerator: "db", denominator: "near_hit", op: ">=", value: 20 },
  { case: "cached_query", numerator: "redis_hit", denominator: "redis_get", op: "<=", value: 2 },
  { case: "connection", numerator: "new_connection", denominator: "pooled", op: ">=", value: 15 },
];

type Output = {
  machine: Record<string, unknown>;
  cases: CaseResult[];
  mixed_workload: WorkloadResult;
  peak_rss_mb: number;
};

export function report(output: Output): string {
  const lines = ["| case | variant | median ms | min–max ms | runs |", "| --- | --- | ---: | ---: | ---: |"];
  for (const c of output.cases) {
    for (const [variant, s] of Object.entries(c.variants)) {
      lines.push(`| ${c.name} | ${variant} | ${s.median_ms} | ${s.min_ms}–${s.max_ms} | ${s.runs} |`);
    }
  }
  lines.push("", "| target | measured | met |", "| --- | ---: | :---: |");
  for (const t of TARGETS) {
    const result = output.cases.find((c) => c.name === t.case)!;
    const measured = ratio(result, t.numerator, t.denominator);
    const met = t.op === ">=" ? measured >= t.value : measured <= t.value;
    lines.push(
      `| ${t.case}: ${t.numerator} / ${t.denominator} ${t.op} ${t.value} | ${measured.toFixed(1)} | ${met ? "yes" : "**no**"} |`,
    );
  }
  const w = output.mixed_workload;
  lines.push(
    "",
    `Mixed workload: ${w.reads} reads (${Object.entries(w.mix)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}): ` +
      `${w.db_queries_without_cache} database queries without the cache, ${w.db_queries_with_cache} with it (${w.reduction_pct}% fewer).`,
    `Peak memory (RSS): ${output.peak_rss_mb} MB. Machine: ${JSON.stringify(output.machine)}`,
  );
  return lines.join("\n");
}
