// GET /api/metrics: the pool, the cache and query latency in Prometheus text
// format, for the monitoring people already run.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { queryCache, type QueryCache } from "@/lib/db/cache";
import { getPoolStatus, onPoolAcquired } from "@/lib/db/client";
import { latencyRecorder, type LatencyRecorder } from "@/lib/monitoring/metrics";
import type { PoolStatus } from "@/lib/db/pool";
import { readCounts } from "@/lib/db/replicas/reads";
import type { ReplicaState } from "@/lib/db/replicas/replica-set";
import { replicaSet } from "@/lib/db/client";
import { appScrapeState, scrapeStateGauges, type ScrapeState } from "@/lib/monitoring/prometheus-state";

type Sources = {
  poolStatus: () => PoolStatus;
  cache: () => QueryCache;
  recorder: LatencyRecorder;
  replicas?: () => ReplicaState[];
  /** Subscribes to each pool checkout's wait (ms). */
  onAcquire?: (listener: (waitedMs: number) => void) => void;
  /** Dependencies and operations, read at scrape time (left out where a test has no use for them). */
  scrape?: ScrapeState;
};

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

/**
 * prom-client's default Node metrics include three gauges named *_total
 * (active handles, requests, resources), which Prometheus reserves for
 * counters: they are replaced by the same readings under gauge names.
 */
const MISNAMED_DEFAULTS = ["active_handles", "active_requests", "active_resources"] as const;

function nodeActivityGauges(registry: Registry, prefix: string) {
  const read: Record<(typeof MISNAMED_DEFAULTS)[number], () => number> = {
    active_handles: () => (process as unknown as { _getActiveHandles: () => unknown[] })._getActiveHandles().length,
    active_requests: () => (process as unknown as { _getActiveRequests: () => unknown[] })._getActiveRequests().length,
    active_resources: () => process.getActiveResourcesInfo().length,
  };
  for (const name of MISNAMED_DEFAULTS) {
    registry.removeSingleMetric(`${prefix}nodejs_${name}_total`);
    registry.removeSingleMetric(`${prefix}nodejs_${name}`); // the per-type breakdowns: kept as ours below
    new Gauge({
      name: `${prefix}nodejs_${name}`,
      help: `Number of ${name.replace("active_", "active ")} keeping the event loop alive`,
      registers: [registry],
      collect() {
        this.set(read[name]());
      },
    });
  }
}

/** One gauge per reading; connections by state add up to the open connections (one sum() is right). */
function poolGauges(registry: Registry, poolStatus: () => PoolStatus) {
  const gauge = (name: string, help: string, value: (s: PoolStatus) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(value(poolStatus()));
      },
    });
  new Gauge({
    name: "legendai_db_pool_connections",
    help: "Open pool connections by state: in_use (checked out) or idle (checked in)",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const s = poolStatus();
      this.set({ state: "in_use" }, s.checked_out);
      this.set({ state: "idle" }, s.checked_in);
    },
  });
  gauge(
    "legendai_db_pool_overflow_connections",
    "Open connections beyond DB_POOL_SIZE (closed when idle)",
    (s) => s.overflow,
  );
  gauge("legendai_db_pool_waiting_clients", "Callers waiting for a connection", (s) => s.waiting);
  gauge(
    "legendai_db_pool_leaked_connections",
    "Connections held longer than DB_POOL_LEAK_DETECTION_MS now (a leak?)",
    (s) => s.leaked,
  );
  gauge("legendai_db_pool_size", "DB_POOL_SIZE: connections kept open when idle (configuration)", (s) => s.size);
  gauge(
    "legendai_db_pool_max_connections",
    "DB_POOL_SIZE + DB_MAX_OVERFLOW: the hard maximum (configuration)",
    (s) => s.max,
  );
}

/** Each read replica's state as last checked (none without DATABASE_REPLICA_URLS). */
function replicaGauges(registry: Registry, replicas: () => ReplicaState[]) {
  const gauge = (name: string, help: string, value: (s: ReplicaState) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ["replica"],
      registers: [registry],
      collect() {
        this.reset();
        for (const state of replicas()) {
          const v = value(state);
          if (v !== null && Number.isFinite(v)) this.set({ replica: state.name }, v);
        }
      },
    });
  gauge("legendai_db_replica_in_rotation", "1 while the replica serves reads", (s) => (s.inRotation ? 1 : 0));
  gauge(
    "legendai_db_replica_lag_seconds",
    "How far behind the primary the replica's replayed data is",
    (s) => s.lagSeconds,
  );
  gauge("legendai_db_replica_lag_bytes", "WAL the replica has not replayed yet", (s) => s.lagBytes);
  gauge("legendai_db_replica_replay_paused", "1 while replay is paused on the replica", (s) =>
    s.replayPaused ? 1 : 0,
  );
}

export function createRegistry(sources: Sources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "legendai_" });
  nodeActivityGauges(registry, "legendai_");
  poolGauges(registry, sources.poolStatus);
  totalCounter(
    registry,
    "legendai_db_pool_events_total",
    "Pool events since start",
    () => {
      const c = sources.poolStatus().counters;
      return {
        acquire: c.acquisitions,
        acquire_timeout: c.acquire_timeouts,
        open: c.connections_opened,
        close: c.connections_closed,
        pre_ping_failure: c.pre_ping_failures,
        leak: c.leaks_detected,
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

  totalCounter(
    registry,
    "legendai_db_reads_total",
    "Replica-safe reads by where they ran (fallback: a replica failed, the primary answered)",
    () => {
      const c = readCounts();
      return { primary: c.primary, replica: c.replica, fallback: c.fallbacks };
    },
    "target",
  );
  replicaGauges(registry, sources.replicas ?? (() => []));
  if (sources.scrape) scrapeStateGauges(registry, sources.scrape);

  const latency = new Histogram({
    name: "legendai_db_query_duration_seconds",
    help: "Query latency by family: Prisma model.operation, or the SQL statement's label",
    labelNames: ["query"],
    registers: [registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });
  sources.recorder.listeners.push((name, ms) => latency.observe({ query: name }, ms / 1000));
  const acquireWait = new Histogram({
    name: "legendai_db_pool_acquire_wait_seconds",
    help: "How long each caller waited for a pool connection (0 when one was free)",
    registers: [registry],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  sources.onAcquire?.((waitedMs) => acquireWait.observe(waitedMs / 1000));
  return registry;
}

const store = globalThis as typeof globalThis & { __legendaiRegistry?: Registry };

/** This process's registry, over its pool, cache and query recorder. */
export function appRegistry(): Registry {
  store.__legendaiRegistry ??= createRegistry({
    poolStatus: getPoolStatus,
    cache: queryCache,
    recorder: latencyRecorder(),
    replicas: () => replicaSet()?.status() ?? [],
    scrape: appScrapeState,
    onAcquire: onPoolAcquired,
  });
  return store.__legendaiRegistry;
}
