// The load suite's verdict: the targets judged on the scenarios' rows, written
// to bench/results/load.json and printed as tables.
import { mkdirSync, writeFileSync } from "node:fs";
import type { ReplicaRow } from "./replica";
import type { ScenarioRow } from "./scenarios";

export function loadTargets(results: ScenarioRow[], limitS: number, replica: ReplicaRow) {
  const [baseline, heavy, redisDown, pgDown, pgStall, cut] = results;
  const answeredWithin = (row: ScenarioRow) => row.max_ms <= 1_000 + limitS * 1_000;
  return [
    {
      target: "200 clients: cache hit ratio ≥ 90% of baseline's",
      met: (heavy.cache_hit_ratio ?? 0) >= 0.9 * (baseline.cache_hit_ratio ?? 1),
    },
    { target: "Redis killed: 0 errors", met: Object.keys(redisDown.statuses).every((s) => s.startsWith("2")) },
    { target: `Postgres stopped: every request answered within 1 s + ${limitS} s`, met: answeredWithin(pgDown) },
    { target: `Postgres stalled: every request answered within 1 s + ${limitS} s`, met: answeredWithin(pgStall) },
    {
      target: "Postgres back: full recovery within 2 s",
      met: [pgDown, pgStall].every((r) => (r.recovery_ms ?? Infinity) <= 2_000),
    },
    {
      target: "0 acknowledged writes unreadable, 0 stale reads",
      met: results.every((r) => r.unreadable_writes === 0 && r.stale_reads === 0),
    },
    { target: "connections terminated: recovered", met: (cut.statuses["200"] ?? 0) > 0 },
    {
      target: `one read replica: reads split (${replica.reads.replica} on the replica, ${replica.reads.primary} on the primary, ${replica.reads.fallback} fallbacks), 0 stale reads, 0 errors`,
      met:
        replica.reads.replica > 0 &&
        replica.stale_reads === 0 &&
        replica.unreadable_writes === 0 &&
        Object.keys(replica.statuses).every((s) => s.startsWith("2")),
    },
  ];
}

export function writeLoadReport(results: ScenarioRow[], targets: ReturnType<typeof loadTargets>, limitS: number): void {
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/load.json",
    `${JSON.stringify({ at: new Date().toISOString(), limit_s: limitS, results, targets }, null, 2)}\n`,
  );
  console.log("\n| scenario | requests | rps | p50 ms | p99 ms | max ms | statuses | cache hits | recovery ms |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
  for (const r of results) {
    const statuses = Object.entries(r.statuses)
      .map(([s, n]) => `${s}: ${n}`)
      .join(", ");
    console.log(
      `| ${r.scenario} | ${r.requests} | ${r.rps} | ${r.p50_ms} | ${r.p99_ms} | ${r.max_ms} | ${statuses} | ${r.cache_hit_ratio ?? "–"} | ${r.recovery_ms ?? "–"} |`,
    );
  }
  console.log("\n| target | met |\n| --- | :---: |");
  for (const t of targets) console.log(`| ${t.target} | ${t.met ? "yes" : "**no**"} |`);
}
