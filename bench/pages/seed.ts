// The pages bench's database at one size, in a process of its own (the app's
// client is bound to DATABASE_URL): the bench dataset at `scale` times
// 1,000,000 scans through the COPY path, then the demo accounts (their
// watchlists and alerts too) so that each role can sign in.
// Usage: node --import tsx bench/pages/seed.ts <scale>
import { seedBenchData } from "../dataset";
import { closeDb } from "@/lib/db/client";
import { seedDemoData } from "@/lib/db/seed/seed";

/* eslint-disable no-restricted-properties -- the harness hands this process its database */
const scale = Number(process.argv[2] ?? "1");
if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a whole number ≥ 1, got ${process.argv[2]}`);
const say = (line: string) => console.log(line);
try {
  await seedBenchData(process.env.DATABASE_URL!, say, scale);
  await seedDemoData({ onProgress: (line) => say(`  demo accounts: ${line}`) });
} finally {
  await closeDb();
}
