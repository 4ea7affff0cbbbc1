// Instances register themselves; the capacity check adds up their pools
// against a server with a small max_connections (a private cluster, never
// the machine's shared one), and health says so.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, redis } from "@/lib/db/client";
import { ObservedPool } from "@/lib/db/pool";
import { waitUntilReady } from "@/lib/db/redis";
import { env, withEnv } from "@/lib/env";
import { healthCheck } from "@/lib/monitoring/health";
import {
  announce,
  capacity,
  describeThisInstance,
  listInstances,
  THIS_INSTANCE,
  type Instance,
} from "@/lib/monitoring/instances";
import { startPrivatePostgres, type PrivatePostgres } from "@/test/private-cluster";

let server: PrivatePostgres;
let small: ObservedPool;
const scoped = {
  ...env(),
  REDIS_KEY_PREFIX: `${env().REDIS_KEY_PREFIX}instances-test:${randomBytes(4).toString("hex")}:`,
};
const other = (id: string, secondsAgo: number): Instance => ({
  ...describeThisInstance(new Date(Date.now() - secondsAgo * 1000)),
  id,
  pid: 1,
  pool: { size: 5, max: 15, inUse: 0, open: 5 },
});

beforeAll(async () => {
  server = await startPrivatePostgres({ max_connections: "20", superuser_reserved_connections: "3" });
  small = new ObservedPool({
    connectionString: server.url(),
    size: 1,
    maxOverflow: 1,
    timeoutSeconds: 5,
    recycleSeconds: 0,
    prePing: true,
    debug: false,
  });
  await waitUntilReady(redis(), 2000);
}, 60_000);
afterAll(async () => {
  await redis().del(`${scoped.REDIS_KEY_PREFIX}instances`);
  await small.end();
  await closeDb();
  server.destroy();
});

describe("instances", () => {
  it("lists the live ones (this one included) and forgets one that stopped announcing itself", async () => {
    await withEnv(scoped, async () => {
      await announce(other("elsewhere:1", 1));
      await announce(other("gone:2", 60));
      const ids = (await listInstances()).map((i) => i.id).sort();
      expect(ids).toEqual(["elsewhere:1", THIS_INSTANCE].sort());
      expect(await redis().hexists(`${scoped.REDIS_KEY_PREFIX}instances`, "gone:2")).toBe(0);
    });
  });

  it("warns when the instances' pools together do not fit max_connections, and health is degraded", async () => {
    await withEnv(scoped, async () => {
      const instances = await listInstances();
      const client = await small.connect();
      try {
        const result = await capacity(client, instances);
        expect(result).toMatchObject({ instances: 2, poolsMax: 30, maxConnections: 20, reserved: 3, fits: false });
        expect(result.message).toMatch(/30 connections, plus 3 for operations and 3 reserved: 36 > max_connections 20/);
      } finally {
        client.release();
      }
      const health = await healthCheck({ pool: small, redis: redis() });
      expect(health.status).toBe("degraded");
      expect(health.reasons.join(" ")).toMatch(/max_connections 20/);
    });
  });
});
