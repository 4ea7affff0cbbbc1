// The Redis connection, set up to fail fast: a down Redis must cost
// milliseconds, not seconds (no offline queue, no retries per command, and
// callers bound each call with withinMs). ioredis keeps reconnecting in the
// background.
import { Redis } from "ioredis";
import { DeadlineError, within } from "@/lib/deadline";
import { logger, throttledWarning } from "@/lib/log/logger";

/** The longest any Redis command may take: Redis's deadline for health and the incident rules too. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
    // A backstop for every command; the cache's own, shorter limit is withinMs below.
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  const warn = throttledWarning("redis");
  const log = logger("redis");
  let down = false;
  redis.on("error", (error: Error) => {
    down = true;
    warn(`unavailable (${error.message}); serving from Postgres until it is back`);
  });
  redis.on("ready", () => {
    if (down) log.info("back: the cache is in use again");
    down = false;
  });
  return redis;
}

export class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = "RedisTimeoutError";
  }
}

/** `work`, or a RedisTimeoutError if Redis has not answered after `ms` (see lib/deadline.ts). */
export function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  return within(work, ms, "Redis").catch((error: unknown) => {
    throw error instanceof DeadlineError ? new RedisTimeoutError(ms) : error;
  });
}

/** Resolves true once the connection is ready, false if it is not within `ms`. */
export async function waitUntilReady(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === "ready") return true;
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    redis.once("ready", onReady);
  });
}
