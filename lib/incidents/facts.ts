// What the incident rules look at, gathered once per evaluation: the backup
// catalog, the last outcome of each operation, the pool and latency samples
// every instance wrote to Redis, BACKUP_DIR's disk, headroom, Redis's health.
import { statfs } from "node:fs/promises";
import { redis } from "@/lib/db/client";
import { waitUntilReady, withinMs } from "@/lib/db/redis";
import { env } from "@/lib/env";
import {
  sequenceHeadroom,
  transactionIdAge,
  type SequenceHeadroom,
  type TransactionIdAge,
} from "@/lib/monitoring/headroom";
import { readMetrics, type LatencyPoint, type PoolPoint } from "@/lib/monitoring/metrics";
import { lastAudited, lastOperationOutcome, type Outcome } from "@/lib/db/queries/audit";
import { sharedCatalog, type SharedEntry } from "@/lib/ops/catalog";
import { backupDirectory } from "@/lib/ops/manifest";

export type Facts = {
  now: Date;
  redisHealthy: boolean;
  /** Every backup this instance can see, newest first. */
  backups: SharedEntry[];
  lastBackup: Outcome | null;
  lastDrill: Outcome | null;
  /** The last passed restore drill: when, and how long the restore took. */
  lastGoodDrill: { at: Date; durationMs: number | null } | null;
  /** Samples of the last 5 minutes from every instance; null when Redis cannot be read. */
  pool: PoolPoint[] | null;
  latency: LatencyPoint[] | null;
  disk: { freeBytes: number; totalBytes: number } | null;
  sequences: SequenceHeadroom[];
  xid: TransactionIdAge;
};

const REDIS_WAIT_MS = 1_000;

async function lastGoodDrill(backups: SharedEntry[]): Promise<Facts["lastGoodDrill"]> {
  const audited = await lastAudited("verify:finished", "ok");
  const verified = backups
    .map((b) => b.manifest?.verification)
    .filter((v) => v?.ok)
    .sort((a, b) => b!.at.localeCompare(a!.at))[0];
  if (verified && (!audited || new Date(verified.at) >= audited.at))
    return { at: new Date(verified.at), durationMs: verified.durationMs };
  return audited ? { at: audited.at, durationMs: verified?.durationMs ?? null } : null;
}

async function diskOf(dir: string): Promise<Facts["disk"]> {
  try {
    const stats = await statfs(dir);
    return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch {
    return null; // no BACKUP_DIR yet (or not a directory): the backup rules say what is wrong
  }
}

export async function gatherFacts(now = new Date()): Promise<Facts> {
  const redisHealthy = await waitUntilReady(redis(), REDIS_WAIT_MS);
  const metrics = redisHealthy
    ? await withinMs(
        readMetrics(redis(), env().REDIS_KEY_PREFIX, now.getTime() - 5 * 60_000, now.getTime()),
        REDIS_WAIT_MS,
      ).catch(() => null)
    : null;
  const backups = await sharedCatalog();
  const [lastBackup, lastDrill] = await Promise.all([lastOperationOutcome("backup"), lastOperationOutcome("verify")]);
  return {
    now,
    redisHealthy,
    backups,
    lastBackup,
    lastDrill,
    lastGoodDrill: await lastGoodDrill(backups),
    pool: metrics?.pool ?? null,
    latency: metrics?.latency ?? null,
    disk: await diskOf(backupDirectory()),
    sequences: await sequenceHeadroom(),
    xid: await transactionIdAge(),
  };
}
