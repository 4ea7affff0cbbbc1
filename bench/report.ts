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
  { case: "backup", numerator: "ours", denominator: "pg_dump_gzip", op: "<=", value: 1.3 },
  { case: "restore", numerator: "ours", denominator: "psql_replay", op: "<=", value: 1.6 },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** Each case's variants over several runs: the median of their medians, the extremes of their extremes. */
export function combineRuns(runs: CaseResult[][]): CaseResult[] {
  return runs[0].map((first) => {
    const same = runs.map((r) => r.find((c) => c.name === first.name)!);
    const variants = Object.fromEntries(
      Object.keys(first.variants).map((v) => {
        const stats = same.map((c) => c.variants[v]);
        return [
          v,
          {
            median_ms: median(stats.map((s) => s.median_ms)),
            min_ms: Math.min(...stats.map((s) => s.min_ms)),
            max_ms: Math.max(...stats.map((s) => s.max_ms)),
            runs: stats.reduce((n, s) => n + s.runs, 0),
          },
        ];
      }),
    );
    return { name: first.name, variants };
  });
}

export type TargetRatio = { target: string; ratios: number[]; median: number; met: boolean };

/** Every target's ratio in each run, and their median: what "met" is judged on. */
export function targetRatios(runs: CaseResult[][]): TargetRatio[] {
  return TARGETS.filter((t) => runs[0].some((c) => c.name === t.case)).map((t) => {
    const ratios = runs.map(
      (r) =>
        Math.round(
          ratio(
            r.find((c) => c.name === t.case)!,
            t.numerator,
            t.denominator,
          ) * 100,
        ) / 100,
    );
    const m = median(ratios);
    return {
      target: `${t.case}: ${t.numerator} / ${t.denominator} ${t.op} ${t.value}`,
      ratios,
      median: m,
      met: t.op === ">=" ? m >= t.value : m <= t.value,
    };
  });
}

type Output = {
  machine: Record<string, unknown>;
  cases: CaseResult[];
  mixed_workload: WorkloadResult;
  peak_rss_mb: number;
};

export function report(output: Output, repeated: TargetRatio[] = []): string {
  const lines = ["| case | variant | median ms | min–max ms | runs |", "| --- | --- | ---: | ---: | ---: |"];
  for (const c of output.cases) {
    for (const [variant, s] of Object.entries(c.variants)) {
      lines.push(`| ${c.name} | ${variant} | ${s.median_ms} | ${s.min_ms}–${s.max_ms} | ${s.runs} |`);
    }
  }
  lines.push("", "| target | measured | met |", "| --- | ---: | :---: |");
  const judged = new Set(repeated.map((r) => r.target));
  for (const r of repeated) {
    lines.push(
      `| ${r.target} | ${r.median.toFixed(1)} (runs: ${r.ratios.map((x) => x.toFixed(1)).join(", ")}) | ${r.met ? "yes" : "**no**"} |`,
    );
  }
  for (const t of TARGETS) {
    if (judged.has(`${t.case}: ${t.numerator} / ${t.denominator} ${t.op} ${t.value}`)) continue;
    const result = output.cases.find((c) => c.name === t.case)!;
    const measured = ratio(result, t.numerator, t.denominator);
    const met = t.op === ">=" ? measured >= t.value : measured <= t.value;
    lines.push(
      `| ${t.case}: ${t.numerator} / ${t.denominator} ${t.op} ${t.value} | ${measured.toFixed(2)} | ${met ? "yes" : "**no**"} |`,
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
