// Every app instance (process) registers itself in Redis every few seconds:
// host, pid, version, start time, last seen, its pool and its cache counters.
// The overview lists them and adds them up, and the capacity check compares
// their pools together with the server's max_connections.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { queryCache, type CacheCounters } from "@/lib/db/cache";
import { getPoolStatus, redis } from "@/lib/db/client";
import { sql, type SqlTarget } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { logger } from "@/lib/log/logger";

/** How often an instance says it is alive, and after how long without a word it is gone. */
export const HEARTBEAT_MS = 5_000;
export const GONE_AFTER_MS = 20_000;
/** Connections an operation may open beside the pools (the lock, pg_dump or psql, its statistics). */
export const OPERATION_CONNECTIONS = 3;

export type Instance = {
  id: string;
  host: string;
  pid: number;
  version: string;
  startedAt: string;
  lastSeen: string;
  /** `leaked`: connections held longer than DB_POOL_LEAK_DETECTION_MS now (absent in older announcements). */
  pool: { size: number; max: number; inUse: number; open: number; leaked?: number };
  cache: Pick<CacheCounters, "hits" | "shared" | "misses" | "errors">;
};

const STARTED_AT = new Date().toISOString();
const VERSION = (
  JSON.parse(readFileSync(path.resolve(/*turbopackIgnore: true*/ process.cwd(), "package.json"), "utf8")) as {
    version: string;
  }
).version;
export const THIS_INSTANCE = `${hostname()}:${process.pid}`;
const key = () => `${env().REDIS_KEY_PREFIX}instances`;

export function describeThisInstance(now = new Date()): Instance {
  const status = getPoolStatus();
  const { hits, shared, misses, errors } = queryCache().counters();
  return {
    id: THIS_INSTANCE,
    host: hostname(),
    pid: process.pid,
    version: VERSION,
    startedAt: STARTED_AT,
    lastSeen: now.toISOString(),
    pool: {
      size: status.size,
      max: status.max,
      inUse: status.checked_out,
      open: status.total_connections,
      leaked: status.leaked,
    },
    cache: { hits, shared, misses, errors },
  };
}

export async function announce(instance: Instance, client: Redis = redis()): Promise<void> {
  await client.hset(key(), instance.id, JSON.stringify(instance));
}

/** The instances heard from recently (this one included, even if Redis is down). */
export async function listInstances(client: Redis = redis(), now = Date.now()): Promise<Instance[]> {
  const all = await client.hgetall(key()).catch(() => ({}) as Record<string, string>);
  const live: Instance[] = [];
  const gone: string[] = [];
  for (const [id, text] of Object.entries(all)) {
    const instance = JSON.parse(text) as Instance;
    if (now - Date.parse(instance.lastSeen) > GONE_AFTER_MS) gone.push(id);
    else live.push(instance);
  }
  if (gone.length) await client.hdel(key(), ...gone).catch(() => {});
  if (!live.some((i) => i.id === THIS_INSTANCE)) live.push(describeThisInstance(new Date(now)));
  return live.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export type Capacity = {
  instances: number;
  poolsMax: number;
  operations: number;
  maxConnections: number;
  reserved: number;
  fits: boolean;
  message: string | null;
};

/**
 * instances × (DB_POOL_SIZE + DB_MAX_OVERFLOW) + operations + reserved ≤ max_connections,
 * with the live instances' own maxima.
 */
export async function capacity(db: SqlTarget | undefined, instances: Instance[]): Promise<Capacity> {
  const rows = await sql<{ max: string; reserved: string }>(
    "Instances.capacity",
    `SELECT current_setting('max_connections') AS max, current_setting('superuser_reserved_connections') AS reserved`,
    [],
    db,
  );
  const maxConnections = Number(rows[0].max);
  const reserved = Number(rows[0].reserved);
  const poolsMax = instances.reduce((sum, i) => sum + i.pool.max, 0);
  const needed = poolsMax + OPERATION_CONNECTIONS + reserved;
  const fits = needed <= maxConnections;
  return {
    instances: instances.length,
    poolsMax,
    operations: OPERATION_CONNECTIONS,
    maxConnections,
    reserved,
    fits,
    message: fits
      ? null
      : `the pools of ${instances.length} instance(s) may open ${poolsMax} connections, plus ${OPERATION_CONNECTIONS} for operations and ${reserved} reserved: ${needed} > max_connections ${maxConnections}. Lower DB_POOL_SIZE/DB_MAX_OVERFLOW, raise max_connections, or put PgBouncer in front.`,
  };
}

const log = logger("instances");

/** Announces this instance every HEARTBEAT_MS; Redis being down only delays the announcements. */
export function startHeartbeat(): () => void {
  const beat = () => announce(describeThisInstance()).catch(() => {});
  void beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The live instances' pools against the server, read through this process's pool. */
export async function currentCapacity(instances?: Instance[]): Promise<Capacity> {
  const live = instances ?? (await listInstances());
  return capacity(undefined, live);
}

/** At start: says in the log if the instances' pools do not fit the server. */
export async function warnIfOverCapacity(): Promise<void> {
  const { message } = await currentCapacity();
  if (message) log.warn(message);
}
