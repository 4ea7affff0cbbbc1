// One pool, one Prisma client and one Redis connection per process, kept on
// globalThis so that Next's hot reload does not open a new pool per edit.
import { PrismaPg } from "@prisma/adapter-pg";
import type { Redis } from "ioredis";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { processEnv } from "@/lib/env";
import { logger } from "@/lib/log/logger";
import { ObservedPool, poolSettingsFromEnv, type PoolStatus } from "@/lib/db/pool";
import { createRedis } from "@/lib/db/redis";
import { statementDeadlineMs, withDeadline } from "@/lib/db/errors";
import { observeQuery, withQueryLabel } from "@/lib/db/observe";
import { ReplicaSet } from "@/lib/db/replicas/replica-set";
import { traced } from "@/lib/tracing/spans";

/** A read replica: its own pool (the same settings, DB_REPLICA_POOL_SIZE if set) and Prisma client. */
export type ReplicaDb = { name: string; pool: ObservedPool; prisma: AppPrisma };
type Db = { pool: ObservedPool; prisma: AppPrisma; redis: Redis; replicas: ReplicaSet | null; replicaDbs: ReplicaDb[] };
const store = globalThis as typeof globalThis & { __legendaiDb?: Db };
const sqlLog = logger("sql");

function createPrisma(pool: ObservedPool, deadlineMs: number) {
  const debug = pool.settings.debug;
  const base = new PrismaClient({
    adapter: new PrismaPg(pool),
    log: debug ? [{ emit: "event", level: "query" }] : [],
  });
  // Parameters are left out on purpose: they may hold password hashes or tokens.
  if (debug) base.$on("query", (event) => sqlLog.debug(`${Number(event.duration).toFixed(1)}ms ${event.query}`));
  // Every query's latency, by model and operation, for whoever listens (lib/db/observe.ts).
  return base.$extends({
    name: "latency",
    query: {
      async $allOperations({ model, operation, args, query }) {
        const started = performance.now();
        // $queryRaw and friends have no model: named as what they are, so a chart's legend explains itself.
        const label = `${model ?? "RawSql"}.${operation}`;
        try {
          return await traced(
            `prisma ${label}`,
            { "db.system.name": "postgresql", "legendai.query.family": label },
            () =>
              withDeadline(
                withQueryLabel(label, () => query(args)),
                deadlineMs,
              ),
            { inTraceOnly: true },
          );
        } finally {
          observeQuery(label, performance.now() - started);
        }
      },
    },
  });
}

export type AppPrisma = ReturnType<typeof createPrisma>;

function open(): Db {
  const config = processEnv();
  const settings = poolSettingsFromEnv(config);
  const deadlineMs = statementDeadlineMs(config.DB_STATEMENT_TIMEOUT);
  const pool = new ObservedPool(settings);
  const replicaDbs = config.DATABASE_REPLICA_URLS.map((url, i) => {
    const replicaPool = new ObservedPool({
      ...settings,
      connectionString: url,
      size: config.DB_REPLICA_POOL_SIZE || settings.size,
      applicationName: "legendai-admin-replica",
    });
    return {
      name: `replica-${i + 1} (${new URL(url).host})`,
      pool: replicaPool,
      prisma: createPrisma(replicaPool, deadlineMs),
    };
  });
  const replicas = replicaDbs.length ? new ReplicaSet(replicaDbs, pool, config.DB_REPLICA_MAX_LAG_S) : null;
  replicas?.start();
  return { pool, prisma: createPrisma(pool, deadlineMs), redis: createRedis(config.REDIS_URL), replicas, replicaDbs };
}

function db(): Db {
  store.__legendaiDb ??= open();
  return store.__legendaiDb;
}

// The pool and the Prisma client stay inside lib/db (the lint rule keeps it so):
// other code runs SQL through lib/db/sql.ts and sessions through lib/db/pg-client.ts.
export const prisma = (): AppPrisma => db().prisma;
export const pool = (): ObservedPool => db().pool;
export const redis = (): Redis => db().redis;

/** The read replicas and their state (null: none configured). */
export const replicaSet = (): ReplicaSet | null => db().replicas;
export const replicaDbs = (): ReplicaDb[] => db().replicaDbs;

/** This process's pool: sizes, connections in use and idle, waiting callers, counters, acquire waits. */
export const getPoolStatus = (): PoolStatus => db().pool.status();
/** Hears how long each checkout of the primary's pool waited (ms). */
export const onPoolAcquired = (listener: (waitedMs: number) => void): void => db().pool.onAcquired(listener);

/** Opens the pool's warm connections now rather than on the first requests. */
export const warmPool = (): Promise<void> => db().pool.warm();

/** Closes everything this process opened (CLI scripts and tests call it on exit). */
export async function closeDb(): Promise<void> {
  const current = store.__legendaiDb;
  if (!current) return;
  store.__legendaiDb = undefined;
  current.replicas?.stop();
  await current.prisma.$disconnect();
  await current.pool.end();
  for (const replica of current.replicaDbs) {
    await replica.prisma.$disconnect();
    await replica.pool.end();
  }
  current.redis.disconnect();
}
