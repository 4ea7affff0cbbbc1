import { afterEach, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { healthCheck } from "@/lib/monitoring/health";
import { ObservedPool } from "@/lib/db/pool";
import { createRedis } from "@/lib/db/redis";

const CLOSED_PORT = 1; // nothing listens on tcpmux here: connections are refused at once
const pools: ObservedPool[] = [];
const redises: Redis[] = [];

function pool(connectionString = env().DATABASE_URL) {
  const p = new ObservedPool({
    connectionString,
    size: 1,
    maxOverflow: 1,
    timeoutSeconds: 2,
    recycleSeconds: 0,
    prePing: true,
    debug: false,
  });
  pools.push(p);
  return p;
}
function redis(url = env().REDIS_URL) {
  const r = createRedis(url);
  redises.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
  redises.splice(0).forEach((r) => r.disconnect());
});

describe("healthCheck", () => {
  it("is healthy with Postgres and Redis up, and carries the pool status", async () => {
    const health = await healthCheck({ pool: pool(), redis: redis() });
    expect(health.status).toBe("healthy");
    expect(health.connection).toBe(true);
    expect(health.redis.connection).toBe(true);
    expect(health.pool).toMatchObject({ size: 1, max: 2 });
    expect(Object.keys(health.pool)).toEqual(
      expect.arrayContaining(["size", "checked_in", "checked_out", "overflow", "total_connections", "waiting"]),
    );
  });

  it("is degraded, quickly, when Redis is unreachable", async () => {
    const started = performance.now();
    const health = await healthCheck({ pool: pool(), redis: redis(`redis://127.0.0.1:${CLOSED_PORT}`) });
    expect(health.status).toBe("degraded");
    expect(health.connection).toBe(true);
    expect(health.redis.connection).toBe(false);
    expect(health.redis.error).toBeTruthy();
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("is unhealthy when Postgres is unreachable, with the password masked", async () => {
    const health = await healthCheck({
      pool: pool(`postgresql://legend:hunter2@127.0.0.1:${CLOSED_PORT}/legendai`),
      redis: redis(),
    });
    expect(health.status).toBe("unhealthy");
    expect(health.connection).toBe(false);
    expect(health.database.error).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(health)).not.toContain("hunter2");
  });
});
