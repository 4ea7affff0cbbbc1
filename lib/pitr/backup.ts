// A pgBackRest backup of the cluster (full, differential or incremental), as
// an operation like the logical backup: one at a time with backups, restores
// and recoveries, audited, its progress shown. pgBackRest expires what falls
// outside the retention (PITR_RETENTION_FULL full backups) when it ends.
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { defineOperation, type Started } from "@/lib/ops/operation";
import { fractionDone, pgbackrest, stanzaInfo } from "@/lib/pitr/pgbackrest";

export const PITR_BACKUP_TYPES = ["full", "diff", "incr"] as const;
export type PitrBackupType = (typeof PITR_BACKUP_TYPES)[number];

export type PitrBackupResult = { label: string; type: PitrBackupType; sizeBytes: number; durationMs: number };

export async function pitrBackupWork(job: JobRecorder, type: PitrBackupType): Promise<PitrBackupResult> {
  const started = performance.now();
  job.phase("backing-up", 1000, { unit: "permille" });
  job.log(`pgBackRest ${type} backup`);
  await pgbackrest(["backup", `--type=${type}`, "--log-level-console=detail"], {
    signal: job.signal,
    onLine: (line) => {
      const done = fractionDone(line);
      if (done !== null) job.progress(Math.round(done * 1000));
    },
  });
  const newest = (await stanzaInfo()).backup.at(-1);
  if (!newest) throw new Error("pgBackRest reported no backup after taking one");
  job.log(`backup ${newest.label} (${newest.type}) done`);
  return {
    label: newest.label,
    type: newest.type,
    sizeBytes: newest.info.repository.delta,
    durationMs: Math.round(performance.now() - started),
  };
}

const PITR_BACKUP = defineOperation<PitrBackupResult>({
  kind: "pitr-backup",
  label: "PITR backup",
  summarise: (r) => `pgBackRest ${r.type} backup ${r.label} (${Math.ceil(r.sizeBytes / 1e6)} MB in the repository).`,
});

export function startPitrBackup(actor: string, type: PitrBackupType): Promise<Started<PitrBackupResult>> {
  return PITR_BACKUP.start(actor, (job) => pitrBackupWork(job, type));
}
