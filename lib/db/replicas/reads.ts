// How reads were split between the primary and the replicas, for /api/metrics,
// the load suite and the tests.
export type ReadCounts = { primary: number; replica: number; fallbacks: number };

const counts: ReadCounts = { primary: 0, replica: 0, fallbacks: 0 };

export function observeRead(where: "primary" | "replica", why?: "replica failed"): void {
  counts[where] += 1;
  if (why) counts.fallbacks += 1;
}

export const readCounts = (): ReadCounts => ({ ...counts });
