// npm run bench:ops: a backup against `pg_dump | gzip` and a restore against
// `gunzip | psql`, as whole processes, on the bench dataset (random scores,
// prices and details, as the seed writes them) at 1,000,000 and 10,000,000
// scans (BENCH_OPS_SCALES=1,10), three interleaved runs each. Writes
// bench/results/ops.json and prints the tables for docs/benchmark.md. Never
// part of CI: the 10M size seeds for minutes and needs ~20 GB of disk.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createLocalRunResources } from "@/test/run-resources";
import { backupRestoreCases, type BackupRestoreResult } from "./backup-restore";

/* eslint-disable no-restricted-properties -- the harness hands the seeding process its database */
const SCALES = (process.env.BENCH_OPS_SCALES ?? "1,10").split(",").map(Number);
const RUNS = Number(process.env.BENCH_OPS_RUNS ?? "3");
const say = (line: string) => console.error(`[ops] ${line}`);

type SizeResult = BackupRestoreResult & { scans: number; seed_s: number; database_bytes: number };

async function measure(scale: number): Promise<SizeResult> {
  const run = await createLocalRunResources(`ops${scale}`);
  try {
    say(`seeding ${(scale * 1_000_000).toLocaleString("en")} scans…`);
    const started = performance.now();
    execFileSync("node", ["--import", "tsx", "bench/pages/seed.ts", String(scale)], {
      env: { ...process.env, DATABASE_URL: run.databaseUrl, REDIS_URL: "redis://127.0.0.1:1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const seedSeconds = Math.round((performance.now() - started) / 1000);
    execFileSync("psql", [run.databaseUrl, "-qc", "CHECKPOINT"]);
    const size = execFileSync("psql", [run.databaseUrl, "-Atc", "SELECT pg_database_size(current_database())"])
      .toString()
      .trim();
    say(`seeded in ${seedSeconds} s; measuring ${RUNS} interleaved runs…`);
    const result = await backupRestoreCases(run.databaseUrl, RUNS);
    return { ...result, scans: scale * 1_000_000, seed_s: seedSeconds, database_bytes: Number(size) };
  } finally {
    await run.cleanup();
  }
}

const ratio = (c: BackupRestoreResult["backup"], a: string, b: string) =>
  c.variants[a].median_ms / c.variants[b].median_ms;

function report(sizes: SizeResult[]): string {
  const lines = [
    "| scans | backup ours | pg_dump \\| gzip | ratio (≤ 1.3) | restore ours | gunzip \\| psql | ratio (≤ 1.6) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  for (const r of sizes) {
    const b = ratio(r.backup, "ours", "pg_dump_gzip");
    const rr = ratio(r.restore, "ours", "psql_replay");
    lines.push(
      `| ${r.scans.toLocaleString("en")} | ${s(r.backup.variants.ours.median_ms)} | ${s(r.backup.variants.pg_dump_gzip.median_ms)} | ${b.toFixed(2)}${b <= 1.3 ? "" : " **no**"} | ${s(r.restore.variants.ours.median_ms)} | ${s(r.restore.variants.psql_replay.median_ms)} | ${rr.toFixed(2)}${rr <= 1.6 ? "" : " **no**"} |`,
    );
  }
  lines.push("", "Restore steps (median of the runs; the clock stops at the commit):", "");
  lines.push("| scans | " + Object.keys(sizes[0].restoreSteps).join(" | ") + " |");
  lines.push(
    "| ---: | " +
      Object.keys(sizes[0].restoreSteps)
        .map(() => "---:")
        .join(" | ") +
      " |",
  );
  for (const r of sizes)
    lines.push(`| ${r.scans.toLocaleString("en")} | ${Object.values(r.restoreSteps).map(s).join(" | ")} |`);
  return lines.join("\n");
}

const sizes: SizeResult[] = [];
for (const scale of SCALES) sizes.push(await measure(scale));
await mkdir("bench/results", { recursive: true });
await writeFile("bench/results/ops.json", `${JSON.stringify({ date: new Date().toISOString(), sizes }, null, 2)}\n`);
console.log(report(sizes));
