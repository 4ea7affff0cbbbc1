// npm run faults: the fault matrix. Every dependency of the app (Postgres,
// Redis, S3, the webhook, SMTP) refused, stalled and slow (answering after
// twice its deadline), and BACKUP_DIR missing, read-only and full, each
// injected in turn on private services while the production build runs; for
// each cell the incident, /api/health and the pages are checked against what
// an operator should see. Writes bench/results/faults.json and prints the table.
import { mkdirSync, writeFileSync } from "node:fs";
import { runCell, startRigApp, type CellResult } from "@/test/fault-cell";
import { FAULTS, startFaultRig, type Dependency } from "@/test/fault-rig";

const say = (line: string) => console.log(`[faults] ${line}`);

async function main(): Promise<number> {
  say("starting the private services and the app (a production build: npm run build first)");
  const rig = await startFaultRig();
  const app = await startRigApp(rig);
  const results: CellResult[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // the first evaluations (no backup yet…) settle
    for (const [dependency, faults] of Object.entries(FAULTS) as [Dependency, (typeof FAULTS)[Dependency]][]) {
      for (const fault of faults) {
        const result = await runCell(rig, app, dependency, fault);
        results.push(result);
        say(`${result.ok ? "ok " : "NOT"} ${dependency} ${fault}: ${result.observed}`);
      }
    }
  } finally {
    app.stop();
    await rig.destroy();
  }
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/faults.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log("\n| dependency | fault | ok | /api/health slowest | observed |\n| --- | --- | :---: | ---: | --- |");
  for (const r of results)
    console.log(`| ${r.dependency} | ${r.fault} | ${r.ok ? "yes" : "**no**"} | ${r.health_ms} ms | ${r.observed} |`);
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
