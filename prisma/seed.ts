// npm run db:seed: demo data for a local dashboard (see README for the accounts).
import { seedDemoData } from "@/lib/db/seed/seed";
import { runCli } from "@/ops/cli/run";

runCli(async () => {
  const started = performance.now();
  await seedDemoData({ onProgress: (line) => console.log(line) });
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
