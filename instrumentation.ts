// Runs once when the Next.js server starts: a bad setting stops the server
// with one clear line, traces go out if an OTLP endpoint is set, the pool's
// warm connections open before traffic, and
// the metrics sampler starts feeding the charts, and the incident rules are watched.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return; // eslint-disable-line no-restricted-properties
  const { envOrExit } = await import("@/lib/env");
  const config = envOrExit({ server: true });
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT || config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    // First: the pool's and the cache's spans need the provider. Not loaded at all without an endpoint.
    const { startTracing } = await import("@/lib/tracing/setup");
    startTracing(config);
  }
  const { getPoolStatus, redis, warmPool } = await import("@/lib/db/client");
  const { queryCache } = await import("@/lib/db/cache");
  const { latencyRecorder, startMetricsSampler } = await import("@/lib/monitoring/metrics");
  const { appRegistry } = await import("@/lib/monitoring/prometheus");
  appRegistry(); // its latency histogram observes queries from the first one on
  startMetricsSampler({
    redis: redis(),
    prefix: config.REDIS_KEY_PREFIX,
    pool: { status: getPoolStatus },
    cache: queryCache(),
    recorder: latencyRecorder(),
  });
  const { startHeartbeat, warnIfOverCapacity } = await import("@/lib/monitoring/instances");
  startHeartbeat(); // other instances' overviews list this one, and add up its pool
  const { startMonitoring } = await import("@/lib/incidents/scheduler");
  startMonitoring(); // incident rules every ALERT_EVALUATE_EVERY_S, statistics snapshots every 5 minutes (one instance each)
  const { startWaitSampler } = await import("@/lib/monitoring/waits/sampler");
  startWaitSampler(); // active sessions every WAIT_SAMPLE_EVERY_MS, by the instance holding the lease
  const { startPlanCapture } = await import("@/lib/monitoring/plans/capture");
  startPlanCapture(); // the app's query families: latency per plan, plans captured every PLAN_CAPTURE_EVERY_MIN
  await warmPool().catch(() => {
    // Postgres down at start: the health check reports it; requests retry.
  });
  await warnIfOverCapacity().catch(() => {});
  const { backupDirExposure } = await import("@/lib/ops/private-files");
  const exposure = await backupDirExposure().catch(() => null);
  if (exposure) console.warn(`WARNING: ${exposure}`); // also shown on /operations
}
