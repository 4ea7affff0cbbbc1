// GET /api/metrics: the pool, the cache and query latency in Prometheus text
// format, for the monitoring people already run.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { queryCache, type QueryCache } from "@/lib/db/cache";
import { pool } from "@/lib/db/client";
import { latencyRecorder, type LatencyRecorder } from "@/lib/monitoring/metrics";
import type { ObservedPool } from "@/lib/db/pool";

type Sources = { pool: () => ObservedPool; cache: () => QueryCache; recorder: LatencyRecorder };

/** A Counter whose value is read from a running total at scrape time. */
function totalCounter(
  registry: Registry,
  name: string,
  help: string,
  read: () => Record<string, number>,
  label: string,
) {
  const last = new Map<string, number>();
  return new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      for (const [value, total] of Object.entries(read())) {
        this.inc({ [label]: value }, Math.max(0, total - (last.get(value) ?? 0)));
        last.set(value, total);
      }
    },
  });
}

export function createRegistry(sources: Sources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "legendai_" });

  new Gauge({
    name: "legendai_db_pool_connections",
    help: "Pool connections by state (get_pool_status)",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const s = sources.pool().status();
      const states = {
        checked_out: s.checked_out,
        checked_in: s.checked_in,
        overflow: s.overflow,
        total: s.total_connections,
        waiting: s.waiting,
        size: s.size,
        max: s.max,
      };
      for (const [state, value] of Object.entries(states)) this.set({ state }, value);
    },
  });
  totalCounter(
    registry,
    "legendai_db_pool_events_total",
    "Pool events since start",
    () => {
      const c = sources.pool().status().counters;
      return {
        acquire: c.acquisitions,
        acquire_timeout: c.acquire_timeouts,
        open: c.connections_opened,
        close: c.connections_closed,
        pre_ping_failure: c.pre_ping_failures,
      };
    },
    "event",
  );
  totalCounter(
    registry,
    "legendai_cache_requests_total",
    "Cached query lookups by result",
    () => {
      const c = sources.cache().counters();
      return { hit: c.hits, shared: c.shared, miss: c.misses, error: c.errors };
    },
    "result",
  );

  const latency = new Histogram({
    name: "legendai_db_query_duration_seconds",
    help: "Prisma query latency by model.operation",
    labelNames: ["query"],
    registers: [registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });
  sources.recorder.listeners.push((name, ms) => latency.observe({ query: name }, ms / 1000));
  return registry;
}

const store = globalThis as typeof globalThis & { __legendaiRegistry?: Registry };

/** This process's registry, over its pool, cache and query recorder. */
export function appRegistry(): Registry {
  store.__legendaiRegistry ??= createRegistry({ pool, cache: queryCache, recorder: latencyRecorder() });
  return store.__legendaiRegistry;
}
