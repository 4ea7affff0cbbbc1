// One database and one Redis key prefix per test run (Vitest or Playwright),
// migrated on creation and removed by cleanup().
import { Redis } from "ioredis";
import { withPgClient } from "@/lib/db/pg-client";
import { migrate } from "@/lib/db/migrations/runner";
import { assertLocal, withDatabase } from "./local-only";

export type RunResources = { databaseUrl: string; redisUrl: string; redisPrefix: string; cleanup: () => Promise<void> };

const onAdmin = (adminUrl: string, sql: string) => withPgClient(adminUrl, (client) => client.query(sql));

/** Deletes every key under `prefix` (the run's own keys only). */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on("error", () => {}); // a down Redis is answered below, not as an unhandled event
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } catch {
    // Redis down: nothing of ours can be left in it.
  } finally {
    redis.disconnect();
  }
}

/** `serverUrl`/`redisUrl` name the servers to use (the local ones by default). */
export async function createRunResources(label: string, serverUrl: string, redisUrl: string): Promise<RunResources> {
  assertLocal(serverUrl);
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const database = `legendai_${label}_${runId}`;
  const adminUrl = withDatabase(serverUrl, "postgres");
  await onAdmin(adminUrl, `CREATE DATABASE "${database}"`);
  const databaseUrl = withDatabase(serverUrl, database);
  const redisPrefix = `legendai-${label}:${runId}:`;
  const cleanup = async () => {
    await onAdmin(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await deleteKeys(redisUrl, redisPrefix);
  };
  try {
    await migrate({ connectionString: databaseUrl });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { databaseUrl, redisUrl, redisPrefix, cleanup };
}

/**
 * The same, on the servers this process is pointed at (DATABASE_URL and
 * REDIS_URL, else the local ones); the harnesses then point the app at them.
 */
export function createLocalRunResources(label: string): Promise<RunResources> {
  /* eslint-disable no-restricted-properties -- test harnesses choose the servers the app will use */
  return createRunResources(
    label,
    process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  );
}
