// Nearest-rank percentile of an ascending list (0 for an empty one): the pool's
// acquire waits and the charts' query latencies use the same definition.
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}
