// The SQL (and values) Prisma sends while `run` runs, read off the pg pool
// the adapter uses: so tests and the benchmark EXPLAIN and time the real SQL.
import type { ObservedPool } from "@/lib/db/pool";

export type CapturedSql = { text: string; values: unknown[] };

export async function captureSql(
  target: ObservedPool,
  run: () => Promise<unknown>,
  table?: RegExp,
): Promise<CapturedSql[]> {
  const original = target.query;
  const captured: CapturedSql[] = [];
  target.query = function (this: ObservedPool, ...args: unknown[]) {
    const config = args[0] as { text?: string; values?: unknown[] };
    if (config && typeof config === "object" && config.text)
      captured.push({ text: config.text, values: config.values ?? [] });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof target.query;
  try {
    await run();
  } finally {
    target.query = original;
  }
  return table ? captured.filter((c) => table.test(c.text)) : captured;
}
