// Where point-in-time recovery stands now, for the /operations card, the
// CLI (pitr:status --json), the recovery scorecard and the incident rules:
// the stanza, archiving (last archived WAL, failures, the unarchived writes'
// age: the RPO right now), the backups, the recoverable window, and the
// repository's free space. Every part has a deadline.
import { statfs } from "node:fs/promises";
import { withPgClient } from "@/lib/db/pg-client";
import { within } from "@/lib/deadline";
import { directDatabaseUrl, env } from "@/lib/env";
import { PitrUnavailableError } from "@/lib/pitr/cluster";
import { stanzaInfo, type PitrBackup } from "@/lib/pitr/pgbackrest";
import { unarchivedAgeS } from "@/lib/pitr/wal";

const DEADLINE_MS = 10_000;

export type Archiver = {
  archiveMode: string;
  lastArchivedWal: string | null;
  lastArchivedAt: string | null;
  failedCount: number;
  lastFailedWal: string | null;
  lastFailedAt: string | null;
  currentWal: string;
  unarchivedBytes: number;
  /** The RPO right now: how old the oldest write not yet in the archive is, at most (0: everything is archived). */
  rpoS: number;
  failing: boolean;
};

export type PitrBackupRow = {
  label: string;
  type: PitrBackup["type"];
  startedAt: string;
  durationS: number;
  sizeBytes: number;
  repoBytes: number;
  walStart: string | null;
  walStop: string | null;
};

export type PitrStatus =
  | { state: "not-set-up" | "unavailable" | "error"; reason: string }
  | {
      state: "ok";
      stanza: string;
      stanzaStatus: string;
      encrypted: boolean;
      repository: string;
      archiver: Archiver;
      backups: PitrBackupRow[];
      /** The earliest and the latest moment the database can be recovered to. */
      window: { from: string; to: string } | null;
      lastFullAt: string | null;
      repoFree: { bytes: number; ratio: number } | null;
    };

async function readArchiver(now: Date): Promise<Archiver> {
  const row = await withPgClient(
    directDatabaseUrl(),
    async (client) =>
      (
        await client.query(
          `SELECT current_setting('archive_mode') AS archive_mode, a.last_archived_wal, a.last_archived_time,
                  a.failed_count, a.last_failed_wal, a.last_failed_time,
                  pg_walfile_name(pg_current_wal_lsn()) AS current_wal, pg_current_wal_lsn()::text AS current_lsn,
                  (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size') AS segment_bytes,
                  extract(epoch FROM current_setting('archive_timeout')::interval)::int AS archive_timeout_s
             FROM pg_stat_archiver a`,
        )
      ).rows[0],
    "legendai-pitr",
  );
  const unarchived = unarchivedAgeS({
    currentLsn: row.current_lsn,
    lastArchivedWal: row.last_archived_wal,
    lastArchivedAt: row.last_archived_time,
    segmentBytes: Number(row.segment_bytes),
    archiveTimeoutS: row.archive_timeout_s,
    now,
  });
  const failing =
    row.last_failed_time !== null && (row.last_archived_time === null || row.last_failed_time > row.last_archived_time);
  return {
    archiveMode: row.archive_mode,
    lastArchivedWal: row.last_archived_wal,
    lastArchivedAt: row.last_archived_time?.toISOString() ?? null,
    failedCount: Number(row.failed_count),
    lastFailedWal: row.last_failed_wal,
    lastFailedAt: row.last_failed_time?.toISOString() ?? null,
    currentWal: row.current_wal,
    unarchivedBytes: unarchived.bytes,
    rpoS: Number.isFinite(unarchived.ageS) ? Math.round(unarchived.ageS) : -1,
    failing,
  };
}

async function repoFree(): Promise<{ bytes: number; ratio: number } | null> {
  const config = env();
  if (config.PITR_REPO_TYPE !== "posix") return null; // an S3 bucket has no "free space"
  const fs = await statfs(config.PITR_REPO_PATH).catch(() => null);
  return fs ? { bytes: fs.bavail * fs.bsize, ratio: fs.blocks ? fs.bavail / fs.blocks : 0 } : null;
}

const toRow = (b: PitrBackup): PitrBackupRow => ({
  label: b.label,
  type: b.type,
  startedAt: new Date(b.timestamp.start * 1000).toISOString(),
  durationS: b.timestamp.stop - b.timestamp.start,
  sizeBytes: b.info.size,
  repoBytes: b.info.repository.size,
  walStart: b.archive.start,
  walStop: b.archive.stop,
});

export async function pitrStatus(now = new Date()): Promise<PitrStatus> {
  const config = env();
  if (!config.PITR_STANZA)
    return { state: "not-set-up", reason: "set PITR_STANZA and run npm run pitr:setup (see the README)" };
  try {
    const [info, archiver, free] = await within(
      Promise.all([stanzaInfo(), readArchiver(now), repoFree()]),
      DEADLINE_MS,
      "pgBackRest's status",
    );
    const backups = info.backup.filter((b) => !b.error).map(toRow);
    const oldest = info.backup.find((b) => !b.error);
    const latestAt = archiver.rpoS === 0 ? now.toISOString() : archiver.lastArchivedAt;
    const window =
      oldest && latestAt ? { from: new Date((oldest.timestamp.stop + 1) * 1000).toISOString(), to: latestAt } : null;
    const full = backups.filter((b) => b.type === "full").at(-1);
    return {
      state: "ok",
      stanza: info.name,
      stanzaStatus: info.status.message,
      encrypted: (info.cipher ?? "none") !== "none",
      repository:
        config.PITR_REPO_TYPE === "s3" ? `s3://${config.S3_BUCKET}${config.PITR_REPO_PATH}` : config.PITR_REPO_PATH,
      archiver,
      backups,
      window,
      lastFullAt: full ? new Date(Date.parse(full.startedAt) + full.durationS * 1000).toISOString() : null,
      repoFree: free,
    };
  } catch (error) {
    if (error instanceof PitrUnavailableError) return { state: "unavailable", reason: error.message };
    if (/missing file '([^']+)'/.exec((error as Error).message)?.[1] === config.PITR_CONFIG)
      return { state: "not-set-up", reason: `${config.PITR_CONFIG} does not exist yet: run npm run pitr:setup` };
    return { state: "error", reason: (error as Error).message };
  }
}
