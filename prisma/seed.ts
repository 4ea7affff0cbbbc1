// npm run db:seed [-- --scans N --alerts-per-user N]: demo data for a local
// dashboard (see README for the accounts); smaller for test rigs.
import { parseArgs } from "node:util";
import { seedDemoData } from "@/lib/db/seed/seed";
import { runCli } from "@/ops/cli/run";

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { scans: { type: "string" }, "alerts-per-user": { type: "string" } },
  });
  const count = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new Error(`--${name} takes a whole number, got "${value}"`);
    return Number(value);
  };
  const started = performance.now();
  await seedDemoData({
    scans: count("scans", values.scans),
    alertsPerUser: count("alerts-per-user", values["alerts-per-user"]),
    onProgress: (line) => console.log(line),
  });
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
