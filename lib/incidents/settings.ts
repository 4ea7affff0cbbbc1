// The thresholds of the incident rules and the recovery targets, changed by
// admins on /incidents and kept in Postgres (app_settings): every instance
// reads the same ones, and a restart keeps them. Each has a default that fits
// a daily-backup, monthly-drill setup.
import { z } from "zod";
import { readSetting, saveSetting } from "@/lib/db/queries/settings";

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const incidentSettingsSchema = z.object({
  /** The last good backup may be this old (a daily backup, plus slack). */
  backupMaxAgeHours: whole(1, 24 * 365).default(26),
  /** A restore drill must have passed within this many days ("test restore monthly"). */
  drillMaxAgeDays: whole(1, 3650).default(35),
  /** The p95 of a query family may exceed this for 5 minutes before it fires. */
  queryP95Ms: whole(1, 600_000).default(500),
  /** BACKUP_DIR's disk must keep this share free. */
  diskMinFreePercent: whole(1, 99).default(10),
  sequenceMaxPercent: whole(1, 99).default(80),
  /** Transaction-id age (of ~2.1 billion before wraparound). */
  xidMaxAge: whole(1_000_000, 2_000_000_000).default(1_000_000_000),
  /** Between two consecutive backups, a table losing this share of its rows fires the data-loss sentinel… */
  rowDropPercent: whole(1, 100).default(50),
  /** …if it had at least this many rows. */
  rowDropMinRows: whole(1, 1_000_000_000).default(1_000),
  /** Recovery scorecard: the most data you accept losing (age of the last good backup), in hours. */
  targetRpoHours: whole(1, 24 * 365).default(24),
  /** Recovery scorecard: the longest a restore may take (the last drill's duration), in minutes. */
  targetRtoMinutes: whole(1, 24 * 60).default(30),
  /** One statement running longer than this (s) is an incident. */
  longQuerySeconds: whole(1, 86_400).default(60),
  /** A session waiting on a lock longer than this (s). */
  lockWaitSeconds: whole(1, 86_400).default(30),
  /** A transaction left open and idle longer than this (s): it holds its locks and stops vacuum. */
  idleInTransactionSeconds: whole(1, 86_400).default(300),
  /** A table is checked for statistics when it has at least this many rows (small ones are planned fine anyway)… */
  analyzeMinRows: whole(1, 1_000_000_000).default(1_000),
  /** …and is stale when this share of its rows changed since its last analyze. */
  analyzeChangedPercent: whole(1, 10_000).default(20),
  /** Stale statistics must last this long (autovacuum usually fixes them within a minute or two). */
  tableChecksHoldMinutes: whole(0, 24 * 60).default(10),
  /** Connections in use against max_connections (minus the reserved ones). */
  connectionsMaxPercent: whole(1, 100).default(80),
  /** An active replication slot may keep this much WAL (MB); an inactive one is an incident at once. */
  slotRetainedMegabytes: whole(1, 10_000_000).default(1_024),
  /** A read replica in rotation this far behind (s) is a warning; keep it under DB_REPLICA_MAX_LAG_S, where it leaves the rotation. */
  replicaLagSeconds: whole(1, 86_400).default(5),
  /** Point-in-time recovery: the oldest write not yet in the archive may be this old (minutes). */
  pitrUnarchivedMaxMinutes: whole(1, 24 * 60).default(5),
  /** …the last full pgBackRest backup may be this old (a weekly one, plus slack). */
  pitrFullMaxAgeDays: whole(1, 365).default(8),
  /** …the repository's disk must keep this share free. */
  pitrRepoMinFreePercent: whole(1, 99).default(10),
  /** A query family's new plan is compared with its earlier plans over this many hours before it appeared (the day before). */
  planBaselineHours: whole(1, 24 * 7).default(24),
  /** …and is an incident when its p95 is at least this many times theirs… */
  planRegressionRatio: z.coerce.number().min(1.1).max(1000).default(2),
  /** …over at least this many calls on each side. */
  planMinCalls: whole(1, 1_000_000).default(20),
  // The checklist's own thresholds (lib/checklist): what an incident does not watch.
  /** An index never scanned is unused once the statistics are at least this old. */
  unusedIndexMinStatsDays: whole(1, 365).default(7),
  /** The share of blocks read from the buffer cache. */
  cacheHitMinPercent: whole(1, 100).default(99),
  /** The share of transactions committed rather than rolled back (over 1,000 of them). */
  commitMinPercent: whole(1, 100).default(90),
  /** A prepared transaction (two-phase commit) left this long is orphaned. */
  preparedMaxMinutes: whole(1, 24 * 60).default(5),
  /** WAL segments waiting for the archiver (.ready) beyond this many: archiving is behind. */
  walReadyMaxSegments: whole(1, 100_000).default(10),
  /** An index wasting this share of its size (and 8 MB or more) is bloated. */
  bloatMinPercent: whole(1, 100).default(50),
  /** shared_buffers against the server's memory: under this share it caches too little… */
  sharedBuffersMinPercent: whole(1, 100).default(15),
  /** …over this share it leaves the operating system's cache too little. */
  sharedBuffersMaxPercent: whole(1, 100).default(40),
  /** effective_cache_size, the planner's guess of what is cached, against memory. */
  effectiveCacheMinPercent: whole(1, 100).default(50),
  /** work_mem × max_connections against memory: all connections sorting at once must fit. */
  workMemTotalMaxPercent: whole(1, 1_000).default(100),
  /** random_page_cost above this on an SSD makes the planner avoid indexes. */
  randomPageCostSsdMax: z.coerce.number().min(1).max(100).default(2),
  /** The share of checkpoints forced by WAL volume (max_wal_size) rather than by checkpoint_timeout. */
  checkpointsForcedMaxPercent: whole(1, 100).default(20),
});

export type IncidentSettings = z.output<typeof incidentSettingsSchema>;

/** The settings' key in app_settings ("alerts": the name they were first stored under). */
const KEY = "alerts";

/** The stored settings over the defaults (a stored value that no longer validates falls back to its default). */
export async function readIncidentSettings(): Promise<IncidentSettings> {
  const stored = (await readSetting(KEY)) ?? {};
  const settings = incidentSettingsSchema.parse({});
  for (const [name, field] of Object.entries(incidentSettingsSchema.shape)) {
    const parsed = field.safeParse(stored[name]);
    if (parsed.success && stored[name] !== undefined) (settings as Record<string, number>)[name] = parsed.data;
  }
  return settings;
}

export async function saveIncidentSettings(settings: IncidentSettings, actor: string): Promise<void> {
  await saveSetting(KEY, settings, actor);
}
