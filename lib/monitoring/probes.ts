// Real round trips, each with a deadline: what the health check and the
// incident rules judge a dependency by, never a client's idea of its
// connection state (a hung Redis still says "ready").
import type { Redis } from "ioredis";
import { redis } from "@/lib/db/client";
import type { ObservedPool } from "@/lib/db/pool";
import { sql } from "@/lib/db/sql";
import { within } from "@/lib/deadline";
import { env } from "@/lib/env";
import { maskSecrets } from "@/lib/mask";
import { createS3Client, headBucket } from "@/lib/ops/s3";

export type Probe = { ok: boolean; ms: number | null; error?: string };

/** Times `work`; a failure (or the deadline) is its error message, masked. */
export async function probe(work: () => Promise<unknown>, deadlineMs: number, what: string): Promise<Probe> {
  const started = performance.now();
  try {
    await within(work(), deadlineMs, what);
    return { ok: true, ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { ok: false, ms: null, error: maskSecrets((error as Error).message || (error as Error).name) };
  }
}

export const probePostgres = (deadlineMs: number, target?: ObservedPool) =>
  probe(() => sql("Health.ping", "SELECT 1", [], target), deadlineMs, "PostgreSQL");

/** True once `client` is ready; false as soon as it fails (or its last attempt did), or after `ms`. */
function connected(client: Redis, ms: number): Promise<boolean> {
  if (client.status === "ready") return Promise.resolve(true);
  if (client.status !== "connecting" && client.status !== "connect" && client.status !== "wait")
    return Promise.resolve(false); // reconnecting or closed: its last attempt failed
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("error", onFailure);
      client.off("close", onFailure);
      resolve(ready);
    };
    const onReady = () => done(true);
    const onFailure = () => done(false);
    const timer = setTimeout(onFailure, ms);
    client.once("ready", onReady);
    client.once("error", onFailure);
    client.once("close", onFailure);
  });
}

/**
 * PING, once the connection is up (a client still connecting is given the
 * deadline to); one slow answer (a busy event loop, a reconnect) is asked
 * again within the same deadline.
 */
export function probeRedis(deadlineMs: number, client: Redis = redis()): Promise<Probe> {
  const ping = () => client.ping();
  return probe(
    async () => {
      if (!(await connected(client, deadlineMs))) throw new Error(`Redis is ${client.status}`);
      return ping().catch(ping);
    },
    deadlineMs,
    "Redis",
  );
}

/** A HEAD of S3_BUCKET within S3_TIMEOUT_S; null when no bucket is configured. */
export function probeS3(): Promise<Probe | null> {
  const { S3_BUCKET: bucket, S3_TIMEOUT_S: seconds } = env();
  if (!bucket) return Promise.resolve(null);
  return probe(() => headBucket(createS3Client(), bucket), seconds * 1000, `S3 (${bucket})`);
}
