// What the incident rules look at, each fact read on its own, in parallel,
// with its own deadline (Postgres: DB_STATEMENT_TIMEOUT; Redis: its command
// timeout; S3 and the delivery channels: theirs). A fact that cannot be read
// in time fails alone: the rules that need it say they could not be evaluated
// and why; every other rule is evaluated as usual. A stalled Redis or S3 can
// silence no rule but its own.
import { statfs } from "node:fs/promises";
import path from "node:path";
import { redis, replicaSet } from "@/lib/db/client";
import type { ReplicaState } from "@/lib/db/replicas/replica-set";
import { statementDeadlineMs } from "@/lib/db/errors";
import { lastAudited, lastOperationOutcome, type Outcome } from "@/lib/db/queries/audit";
import { REDIS_COMMAND_TIMEOUT_MS } from "@/lib/db/redis";
import { within } from "@/lib/deadline";
import { directDatabaseUrl, env } from "@/lib/env";
import { channelStates, type ChannelState } from "@/lib/incidents/channels";
import {
  sequenceHeadroom,
  transactionIdAge,
  type SequenceHeadroom,
  type TransactionIdAge,
} from "@/lib/monitoring/headroom";
import { listInstances, type Instance } from "@/lib/monitoring/instances";
import { readMetrics, type LatencyPoint, type PoolPoint } from "@/lib/monitoring/metrics";
import { probeRedis, probeS3, type Probe } from "@/lib/monitoring/probes";
import {
  autovacuumState,
  connectionUse,
  sessionStates,
  slotStates,
  tableAnalysis,
  type AutovacuumState,
  type ConnectionUse,
  type SessionState,
  type SlotState,
  type TableAnalysis,
} from "@/lib/monitoring/server-state";
import { probeBackupDir } from "@/lib/ops/backup-dir";
import { pitrStatus, type PitrStatus } from "@/lib/pitr/status";
import { sharedCatalog, type SharedEntry } from "@/lib/ops/catalog";
import { planChanges, type PlanChange } from "@/lib/monitoring/plans/store";
import { readIncidentSettings } from "@/lib/incidents/settings";
import { schemaDrift, type Drift } from "@/lib/db/migrations/drift";

export type Facts = {
  now: Date;
  /** A PING's round trip. */
  redis: Probe;
  /** A HEAD of S3_BUCKET (null when no bucket is configured). */
  s3: Probe | null;
  /** Why BACKUP_DIR cannot hold a backup now, or null. */
  backupDir: string | null;
  /** Each configured delivery channel: does it answer, did its last delivery go out. */
  channels: ChannelState[];
  /** Every backup this instance can see, newest first. */
  backups: SharedEntry[];
  lastBackup: Outcome | null;
  lastDrill: Outcome | null;
  /** The last passed restore drill: when, and how long the restore took. */
  lastGoodDrill: { at: Date; durationMs: number | null } | null;
  /** Samples of the last 5 minutes from every instance. */
  pool: PoolPoint[] | null;
  latency: LatencyPoint[] | null;
  /** BACKUP_DIR's disk (null before BACKUP_DIR exists). */
  disk: { freeBytes: number; totalBytes: number } | null;
  sequences: SequenceHeadroom[];
  xid: TransactionIdAge;
  sessions: SessionState[];
  autovacuum: AutovacuumState;
  analysis: TableAnalysis[];
  connections: ConnectionUse;
  slots: SlotState[];
  /** Each read replica (DATABASE_REPLICA_URLS) as this instance last checked it ([] when none). */
  replicas: ReplicaState[];
  /** Every live app instance (their pools' leaks among their figures). */
  instances: Instance[];
  /** Point-in-time recovery: archiving, backups, the repository (state "not-set-up" when PITR_STANZA is unset). */
  pitr: PitrStatus;
  /** Each query family whose current plan differs from an earlier one, with both plans' latency. */
  plans: PlanChange[];
  /** Objects of the live schema that differ from what the applied migrations make ([] without a migration history). */
  drift: Drift[];
};

export type FactName = Exclude<keyof Facts, "now">;

/** A fact's reader and its deadline; `once` shares one read between facts of the same source. */
type Reader<K extends FactName> = {
  source: "postgres" | "redis" | "s3" | "channels" | "disk" | "pitr" | "process";
  read: (now: Date, once: <T>(key: string, read: () => Promise<T>) => Promise<T>) => Promise<Facts[K]>;
};

const deadlines: Record<Reader<FactName>["source"], () => number> = {
  postgres: () => statementDeadlineMs(env().DB_STATEMENT_TIMEOUT) || 30_000,
  redis: () => REDIS_COMMAND_TIMEOUT_MS + 500,
  s3: () => env().S3_TIMEOUT_S * 1000 + 2_000, // the catalog gives up on S3 first, and lists the local backups
  channels: () => env().ALERT_DELIVERY_TIMEOUT_S * 1000 + 1_000,
  disk: () => 3_000,
  pitr: () => 12_000, // pgBackRest's info and the archiver's view have 10 s of their own
  process: () => 1_000, // what this process already knows
};

const metrics = (now: Date) => readMetrics(redis(), env().REDIS_KEY_PREFIX, now.getTime() - 5 * 60_000, now.getTime());

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
  const stats = await statfs(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return null; // no BACKUP_DIR yet: the backup_dir rule speaks
    throw error;
  });
  return stats && { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
}

const READERS: { [K in FactName]: Reader<K> } = {
  redis: { source: "redis", read: () => probeRedis(REDIS_COMMAND_TIMEOUT_MS) },
  s3: { source: "s3", read: () => probeS3() },
  backupDir: { source: "disk", read: () => probeBackupDir() },
  channels: { source: "channels", read: () => channelStates() },
  backups: { source: "s3", read: (_now, once) => once("catalog", sharedCatalog) },
  lastBackup: { source: "postgres", read: () => lastOperationOutcome("backup") },
  lastDrill: { source: "postgres", read: () => lastOperationOutcome("verify") },
  lastGoodDrill: { source: "s3", read: async (_now, once) => lastGoodDrill(await once("catalog", sharedCatalog)) },
  pool: { source: "redis", read: async (now, once) => (await once("metrics", () => metrics(now))).pool },
  latency: { source: "redis", read: async (now, once) => (await once("metrics", () => metrics(now))).latency },
  disk: { source: "disk", read: () => diskOf(path.resolve(env().BACKUP_DIR)) },
  sequences: { source: "postgres", read: () => sequenceHeadroom() },
  xid: { source: "postgres", read: () => transactionIdAge() },
  sessions: { source: "postgres", read: () => sessionStates() },
  autovacuum: { source: "postgres", read: () => autovacuumState() },
  analysis: { source: "postgres", read: () => tableAnalysis() },
  connections: { source: "postgres", read: () => connectionUse() },
  slots: { source: "postgres", read: () => slotStates() },
  replicas: { source: "process", read: async () => replicaSet()?.status() ?? [] },
  instances: { source: "redis", read: () => listInstances() },
  pitr: { source: "pitr", read: () => pitrStatus() },
  plans: { source: "postgres", read: async () => planChanges((await readIncidentSettings()).planBaselineHours) },
  drift: { source: "postgres", read: async () => (await schemaDrift(directDatabaseUrl())) ?? [] },
};

export type Gathered = { facts: Facts; failures: Partial<Record<FactName, string>> };

/** Every fact (or only those named) at once, each within its deadline; what could not be read is in `failures`, with why. */
export async function gatherFacts(now = new Date(), only?: FactName[]): Promise<Gathered> {
  const shared = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>) => {
    if (!shared.has(key)) shared.set(key, read());
    return shared.get(key) as Promise<T>;
  };
  const facts = { now } as Facts;
  const failures: Gathered["failures"] = {};
  await Promise.all(
    (only ?? (Object.keys(READERS) as FactName[])).map(async (name) => {
      const reader = READERS[name] as Reader<FactName>;
      try {
        (facts as Record<string, unknown>)[name] = await within(
          reader.read(now, once),
          deadlines[reader.source](),
          name,
        );
      } catch (error) {
        failures[name] = (error as Error).message || (error as Error).name;
      }
    }),
  );
  return { facts, failures };
}
