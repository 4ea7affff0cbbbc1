// How reads were split between the primary and the replicas, for /api/metrics,
// the load suite and the tests. Kept on globalThis: Next's server bundles may
// each load this module, and every route must count into the same totals.
export type ReadCounts = { primary: number; replica: number; fallbacks: number };

const store = globalThis as typeof globalThis & { __legendaiReads?: ReadCounts };
const counts = (): ReadCounts => (store.__legendaiReads ??= { primary: 0, replica: 0, fallbacks: 0 });

export function observeRead(where: "primary" | "replica", why?: "replica failed"): void {
  counts()[where] += 1;
  if (why) counts().fallbacks += 1;
}

export const readCounts = (): ReadCounts => ({ ...counts() });
