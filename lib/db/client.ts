// One pool, one Prisma client and one Redis connection per process, kept on
// globalThis so that Next's hot reload does not open a new pool per edit.
import { PrismaPg } from "@prisma/adapter-pg";
import type { Redis } from "ioredis";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { processEnv } from "@/lib/env";
import { logger } from "@/lib/log/logger";
import { ObservedPool, poolSettingsFromEnv } from "@/lib/db/pool";
import { createRedis } from "@/lib/db/redis";
import { withDeadline } from "@/lib/db/errors";

type Db = { pool: ObservedPool; prisma: AppPrisma; redis: Redis };
/** Told of every Prisma query's name (`Model.operation`) and duration. */
export type QueryListener = (name: string, ms: number) => void;
const store = globalThis as typeof globalThis & { __legendaiDb?: Db; __legendaiQueryListeners?: QueryListener[] };
const sqlLog = logger("sql");
const queryListeners = () => (store.__legendaiQueryListeners ??= []);

/** Subscribes to every query's latency (lib/monitoring records them for the charts and Prometheus). */
export function onQuery(listener: QueryListener): void {
  queryListeners().push(listener);
}

function createPrisma(pool: ObservedPool, deadlineMs: number) {
  const debug = pool.settings.debug;
  const base = new PrismaClient({
    adapter: new PrismaPg(pool),
    log: debug ? [{ emit: "event", level: "query" }] : [],
  });
  // Parameters are left out on purpose: they may hold password hashes or tokens.
  if (debug) base.$on("query", (event) => sqlLog.debug(`${Number(event.duration).toFixed(1)}ms ${event.query}`));
  // Every query's latency, by model and operation, for whoever listens (onQuery).
  return base.$extends({
    name: "latency",
    query: {
      async $allOperations({ model, operation, args, query }) {
        const started = performance.now();
        try {
          return await withDeadline(query(args), deadlineMs);
        } finally {
          const ms = performance.now() - started;
          for (const listener of queryListeners()) listener(`${model ?? "raw"}.${operation}`, ms);
        }
      },
    },
  });
}

export type AppPrisma = ReturnType<typeof createPrisma>;

function open(): Db {
  const config = processEnv();
  const pool = new ObservedPool(poolSettingsFromEnv(config));
  return {
    pool,
    prisma: createPrisma(pool, config.DB_STATEMENT_TIMEOUT * 1000),
    redis: createRedis(config.REDIS_URL),
  };
}

function db(): Db {
  store.__legendaiDb ??= open();
  return store.__legendaiDb;
}

export const prisma = (): AppPrisma => db().prisma;
export const pool = (): ObservedPool => db().pool;
export const redis = (): Redis => db().redis;

/** Closes everything this process opened (CLI scripts and tests call it on exit). */
export async function closeDb(): Promise<void> {
  const current = store.__legendaiDb;
  if (!current) return;
  store.__legendaiDb = undefined;
  await current.prisma.$disconnect();
  await current.pool.end();
  current.redis.disconnect();
}
