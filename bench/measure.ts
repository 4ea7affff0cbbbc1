// Timing helpers for the benchmark: variants of a case run interleaved (run
// 1 of each, then run 2 of each, …) so that the machine's noise hits them
// alike; we report medians and spread, never one run.

export type VariantStats = { median_ms: number; min_ms: number; max_ms: number; runs: number };
export type CaseResult = { name: string; variants: Record<string, VariantStats> };

const round = (n: number) => Math.round(n * 1000) / 1000;

function stats(samples: number[]): VariantStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median_ms: round(median), min_ms: round(sorted[0]), max_ms: round(sorted.at(-1)!), runs: sorted.length };
}

/** A variant: optional untimed setup/teardown around each timed run. */
export type Variant = {
  run: () => Promise<unknown>;
  before?: () => Promise<unknown>;
  after?: () => Promise<unknown>;
};

export async function runCase(
  name: string,
  variants: Record<string, Variant>,
  options: { runs: number; warmup?: number; burst?: number },
): Promise<CaseResult> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  const burst = options.burst ?? 1;
  const rounds = Math.ceil(((options.warmup ?? 1) + options.runs) / burst);
  const warmupRounds = Math.ceil((options.warmup ?? 1) / burst);
  for (let i = 0; i < rounds; i++) {
    for (const [variant, { run, before, after }] of Object.entries(variants)) {
      for (let b = 0; b < burst; b++) {
        await before?.();
        const started = performance.now();
        await run();
        const elapsed = performance.now() - started;
        await after?.();
        if (i >= warmupRounds) samples[variant].push(elapsed);
      }
    }
  }
  const result = { name, variants: Object.fromEntries(Object.entries(samples).map(([v, s]) => [v, stats(s)])) };
  const summary = Object.entries(result.variants)
    .map(([v, s]) => `${v} ${s.median_ms} ms`)
    .join(", ");
  console.error(`  ${name}: ${summary}`);
  return result;
}

export function ratio(result: CaseResult, numerator: string, denominator: string): number {
  return result.variants[numerator].median_ms / result.variants[denominator].median_ms;
}
