// The PITR drill: prove the archive can give back a known state. The newest
// logical backup taken inside the recoverable window recorded its snapshot's
// WAL position and every table's row count and checksum; pgBackRest verifies
// the repository, the cluster is recovered into a scratch cluster to exactly
// that position, and every table is compared with the manifest. It measures
// the recovery time (restore and replay, until the scratch cluster answers)
// and records it, with the RPO at that moment, for the recovery scorecard.
import { recordAudit } from "@/lib/db/queries/audit";
import { withPgClient } from "@/lib/db/pg-client";
import { UserFacingError } from "@/lib/errors";
import { directDatabaseUrl } from "@/lib/env";
import { describeSource } from "@/lib/ops/backup";
import { sharedCatalog } from "@/lib/ops/catalog";
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { defineOperation, type Started } from "@/lib/ops/operation";
import { compareStats, readTableStats } from "@/lib/ops/table-stats";
import { pgbackrest } from "@/lib/pitr/pgbackrest";
import { checkScratchSpace, liveDatabaseName, removeLeftoverScratch, startScratch } from "@/lib/pitr/scratch";
import { sealArchive } from "@/lib/pitr/seal";
import { pitrStatus } from "@/lib/pitr/status";
import { backupBeforeLsn } from "@/lib/pitr/window";

export type PitrDrillResult = {
  backup: string;
  lsn: string;
  at: string;
  tables: number;
  /** Restore and recovery until the scratch cluster answered. */
  rtoMs: number;
  /** The oldest unarchived write's age when the drill ran. */
  rpoS: number;
  durationMs: number;
};

/** The newest logical backup of this database (its name, host and port) whose snapshot lies inside the recoverable window. */
async function drillTarget(window: { from: string; to: string }) {
  const source = describeSource(directDatabaseUrl());
  const ours = (s: typeof source) => s.database === source.database && s.host === source.host && s.port === source.port;
  const entry = (await sharedCatalog()).find((e) => {
    const m = e.manifest;
    if (!m?.snapshot || m.kind !== "regular" || !ours(m.source)) return false;
    const at = Date.parse(m.snapshot.at);
    return at >= Date.parse(window.from) && at <= Date.parse(window.to);
  });
  if (!entry?.manifest?.snapshot)
    throw new UserFacingError(
      "no logical backup taken inside the recoverable window records its snapshot: take one (npm run ops:backup), then run the drill",
    );
  return { manifest: entry.manifest, snapshot: entry.manifest.snapshot };
}

export async function pitrDrillWork(job: JobRecorder): Promise<PitrDrillResult> {
  const started = performance.now();
  job.phase("preparing");
  if (!(await sealArchive())) job.log("the archiver is behind: the latest writes may not be recoverable yet");
  const status = await pitrStatus();
  if (status.state !== "ok") throw new UserFacingError(`point-in-time recovery is not available: ${status.reason}`);
  if (!status.window) throw new UserFacingError("there is no recoverable window yet: no PITR backup has finished");
  const { manifest, snapshot } = await drillTarget(status.window);
  const left = await removeLeftoverScratch();
  if (left.length) job.log(`removed ${left.length} scratch cluster(s) an interrupted run left`);

  job.phase("verifying");
  job.log("pgbackrest verify: every file of the repository against its checksum");
  await pgbackrest(["verify"], { signal: job.signal });

  const backup = await backupBeforeLsn(snapshot.lsn);
  await checkScratchSpace(backup);
  job.log(`recovering backup ${backup.label} to ${snapshot.lsn}, where ${manifest.file} was taken (${snapshot.at})`);
  job.phase("restoring", 1000, { unit: "permille" });
  const restoreStarted = performance.now();
  const scratch = await startScratch(
    liveDatabaseName(),
    { type: "lsn", lsn: snapshot.lsn, set: backup.label },
    {
      signal: job.signal,
      onRestored: (fraction) => job.progress(Math.round(fraction * 1000)),
      onRecovering: () => job.phase("recovering"),
    },
  );
  const rtoMs = Math.round(performance.now() - restoreStarted);
  let problems: string[];
  try {
    job.phase("checking");
    const stats = await withPgClient(scratch.url(liveDatabaseName()), readTableStats, "legendai-pitr");
    problems = compareStats(manifest.tables, stats);
  } finally {
    job.phase("cleaning-up");
    await scratch.remove();
  }
  for (const problem of problems) job.log(`problem: ${problem}`);
  if (problems.length)
    throw new Error(`the recovery to ${snapshot.lsn} differs from ${manifest.file}: ${problems.join("; ")}`);
  const result = {
    backup: manifest.file,
    lsn: snapshot.lsn,
    at: snapshot.at,
    tables: Object.keys(manifest.tables).length,
    rtoMs,
    rpoS: status.archiver.rpoS,
    durationMs: Math.round(performance.now() - started),
  };
  await recordAudit({
    actor: job.job.actor,
    action: "pitr-drill:measured",
    target: job.id,
    outcome: "ok",
    details: result,
  });
  return result;
}

const PITR_DRILL = defineOperation<PitrDrillResult>({
  kind: "pitr-drill",
  label: "PITR drill",
  summarise: (r) =>
    `Recovered to ${r.lsn} (${r.backup}) in ${Math.round(r.rtoMs / 1000)} s; all ${r.tables} tables matched its manifest.`,
});

export function startPitrDrill(actor: string): Promise<Started<PitrDrillResult>> {
  return PITR_DRILL.start(actor, (job) => pitrDrillWork(job));
}
