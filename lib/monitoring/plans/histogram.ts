// Latency histograms that add up: fixed buckets growing by a quarter, from
// 0.05 ms to about a minute, so a window's p95 is the sum of its minutes'
// buckets, read to within a bucket (25%), whatever instances recorded them.
export const BUCKET_COUNT = 64;
const FIRST_MS = 0.05;
const GROWTH = 1.25;

export const bucketOf = (ms: number): number =>
  Math.min(BUCKET_COUNT - 1, Math.max(0, Math.ceil(Math.log(Math.max(ms, FIRST_MS) / FIRST_MS) / Math.log(GROWTH))));

/** The bucket's upper bound in ms. */
export const bucketUpperMs = (bucket: number): number => FIRST_MS * GROWTH ** bucket;

export const emptyHistogram = (): number[] => new Array<number>(BUCKET_COUNT).fill(0);

export function addHistograms(into: number[], more: readonly number[]): number[] {
  for (let i = 0; i < BUCKET_COUNT; i++) into[i] += more[i] ?? 0;
  return into;
}

/** The `p`th percentile (0–100), as its bucket's upper bound; null when empty. */
export function histogramPercentile(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= rank) return bucketUpperMs(i);
  }
  return bucketUpperMs(BUCKET_COUNT - 1);
}
