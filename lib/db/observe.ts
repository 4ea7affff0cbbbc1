// Who is told how long each query took: Prisma's queries (by model and
// operation) and the SQL module's statements (by label) alike. lib/monitoring
// subscribes to feed the charts and Prometheus.
export type QueryListener = (name: string, ms: number) => void;

const store = globalThis as typeof globalThis & { __legendaiQueryListeners?: QueryListener[] };
const listeners = () => (store.__legendaiQueryListeners ??= []);

/** Subscribes to every query's latency. */
export function onQuery(listener: QueryListener): void {
  listeners().push(listener);
}

export function observeQuery(name: string, ms: number): void {
  for (const listener of listeners()) listener(name, ms);
}
