// How much the server-side statement limit costs: the same statements through
// a pool that wraps each in BEGIN; SET LOCAL …; … COMMIT and through one that
// does not, interleaved, on the run's database. Prints medians and the ratio.
import { ObservedPool, poolSettingsFromEnv } from "@/lib/db/pool";
import { processEnv } from "@/lib/env";
import { percentile } from "@/lib/percentile";

const ROUNDS = 3_000;
const settings = poolSettingsFromEnv(processEnv());
const bounded = new ObservedPool({ ...settings, statementTimeoutMs: 5_000, leakDetectionMs: 0 });
const plain = new ObservedPool({ ...settings, statementTimeoutMs: 0, leakDetectionMs: 0 });
const statements = {
  "SELECT 1": { text: "SELECT 1" },
  "one indexed row": { text: "SELECT oid, relname FROM pg_class WHERE relname = $1", values: ["pg_class"] },
};
for (const [name, statement] of Object.entries(statements)) {
  const times: Record<"bounded" | "plain", number[]> = { bounded: [], plain: [] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const [label, pool] of [
      ["bounded", bounded],
      ["plain", plain],
    ] as const) {
      const started = performance.now();
      await pool.query(statement);
      times[label].push(performance.now() - started);
    }
  }
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const b = median(times.bounded);
  const p = median(times.plain);
  console.log(
    `${name}: plain ${p.toFixed(3)} ms, bounded ${b.toFixed(3)} ms, ratio ${(b / p).toFixed(2)} (median of ${ROUNDS})`,
  );
}
await bounded.end();
await plain.end();
