// The health check, within about two seconds whatever hangs: every
// dependency is judged by a real round trip with its own deadline, all at
// once. Postgres decides healthy/unhealthy; Redis (the cache falls back to
// Postgres), S3 (backups stay local), BACKUP_DIR (backups are refused) and
// pools that do not fit the server only degrade it, each named in `reasons`.
import type { Redis } from "ioredis";
import { getPoolStatus, redis } from "@/lib/db/client";
import type { ObservedPool, PoolStatus } from "@/lib/db/pool";
import { within } from "@/lib/deadline";
import { capacity, listInstances, type Capacity } from "@/lib/monitoring/instances";
import { probePostgres, probeRedis, probeS3, type Probe } from "@/lib/monitoring/probes";
import { probeBackupDir } from "@/lib/ops/backup-dir";

export type Health = {
  status: "healthy" | "degraded" | "unhealthy";
  connection: boolean;
  pool: PoolStatus;
  redis: { connection: boolean; latency_ms: number | null; error?: string };
  database: { latency_ms: number | null; error?: string };
  /** S3_BUCKET answering a HEAD (null when none is configured). */
  s3: { ok: boolean; latency_ms: number | null; error?: string } | null;
  /** Whether BACKUP_DIR can hold a backup now, and why not. */
  backup_dir: { ok: boolean; problem?: string };
  /** Every live instance's pool against max_connections (null when Postgres did not answer). */
  capacity: Capacity | null;
  /** Why the status is not "healthy", in words. */
  reasons: string[];
};

/** Each probe's limit: the health check answers within about two seconds whatever hangs. */
const PROBE_TIMEOUT_MS = 1_500;
/** S3 and the disk change slowly and cost a request: asked at most this often per process. */
const SLOW_PROBE_EVERY_MS = 5_000;

/** What the check runs against: this process's pool and Redis unless a test gives others. */
type Deps = { pool?: ObservedPool; redis?: Redis };

const recent = new Map<string, { at: number; value: Promise<unknown> }>();

/** `run`'s answer, asked again only when the last is older than SLOW_PROBE_EVERY_MS. */
function remembered<T>(key: string, run: () => Promise<T>): Promise<T> {
  const last = recent.get(key);
  if (last && Date.now() - last.at < SLOW_PROBE_EVERY_MS) return last.value as Promise<T>;
  const value = run();
  recent.set(key, { at: Date.now(), value });
  return value;
}

/** The live instances' pools against this server's max_connections. */
async function capacityOf(deps: Deps): Promise<Capacity> {
  const instances = await listInstances(deps.redis);
  return capacity(deps.pool, instances);
}

const latency = (p: Probe) => ({ latency_ms: p.ms, ...(p.error ? { error: p.error } : {}) });

function reasonsFor(database: Probe, cache: Probe, s3: Probe | null, dir: string | null, room: Capacity | null) {
  return [
    ...(database.ok ? [] : [`PostgreSQL is not answering: ${database.error ?? "no answer"}`]),
    ...(cache.ok ? [] : [`Redis is not answering (${cache.error ?? "no answer"}): reads go to PostgreSQL`]),
    ...(s3 && !s3.ok ? [`S3 is not answering (${s3.error ?? "no answer"}): backups stay on this disk`] : []),
    ...(dir ? [`${dir}: backups are refused`] : []),
    ...(room?.message ? [room.message] : []),
  ];
}

export async function healthCheck(deps: Deps = {}): Promise<Health> {
  const [database, cache, s3, dir, room] = await Promise.all([
    probePostgres(PROBE_TIMEOUT_MS, deps.pool),
    probeRedis(PROBE_TIMEOUT_MS, deps.redis ?? redis()),
    remembered("s3", () => within(probeS3(), PROBE_TIMEOUT_MS, "S3")).catch((e: Error): Probe => ({
      ok: false,
      ms: null,
      error: e.message,
    })),
    remembered("backup-dir", () =>
      within(probeBackupDir(), PROBE_TIMEOUT_MS, "BACKUP_DIR").catch((e: Error) => e.message),
    ),
    within(capacityOf(deps), PROBE_TIMEOUT_MS, "capacity").catch(() => null),
  ]);
  const reasons = reasonsFor(database, cache, s3, dir, room);
  return {
    status: !database.ok ? "unhealthy" : reasons.length ? "degraded" : "healthy",
    capacity: database.ok ? room : null,
    reasons,
    connection: database.ok,
    pool: deps.pool?.status() ?? getPoolStatus(),
    redis: { connection: cache.ok, ...latency(cache) },
    database: latency(database),
    s3: s3 && { ok: s3.ok, ...latency(s3) },
    backup_dir: dir ? { ok: false, problem: dir } : { ok: true },
  };
}
