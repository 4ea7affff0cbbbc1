// The Redis connection, set up to fail fast: a down Redis must cost
// milliseconds, not seconds (no offline queue, short timeouts, no retries per
// command). ioredis keeps reconnecting in the background.
import { Redis } from "ioredis";
import { throttledWarning } from "@/lib/log/logger";

export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
    commandTimeout: 50,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  const warn = throttledWarning("redis");
  redis.on("error", (error: Error) => warn(`unavailable (${error.message}); serving from Postgres until it is back`));
  return redis;
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
