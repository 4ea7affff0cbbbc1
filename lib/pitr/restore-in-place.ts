// The worst day: the whole cluster taken back to a second, in place. A
// logical safety backup first (the state being left, restorable with
// db_restore.sh), then the cluster stopped (PITR_STOP_COMMAND), pgBackRest's
// delta restore to the target with promotion, the cluster started
// (PITR_START_COMMAND) and waited for until it takes writes. Audited before
// and after. CLI only: the dashboard cannot stay up while its database is down.
import { closeDb } from "@/lib/db/client";
import { recordAudit } from "@/lib/db/queries/audit";
import { withPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl, env } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import { startBackup } from "@/lib/ops/backup";
import { fractionDone, pgbackrest, targetTime } from "@/lib/pitr/pgbackrest";
import { runAsCluster } from "@/lib/pitr/run-as";
import { sealArchive } from "@/lib/pitr/seal";
import { waitForDatabase } from "@/lib/pitr/wait";
import { backupBefore, requireInWindow } from "@/lib/pitr/window";

export type InPlaceResult = { at: string; fromBackup: string; safetyBackup: string; durationMs: number };
type Say = (line: string) => void;

async function waitForPromotion(ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const inRecovery = await withPgClient(
      directDatabaseUrl(),
      async (c) => (await c.query<{ r: boolean }>("SELECT pg_is_in_recovery() AS r")).rows[0].r,
      "legendai-pitr",
    ).catch(() => true);
    if (!inRecovery) return;
    if (Date.now() > deadline) throw new Error(`recovery did not finish within ${Math.round(ms / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function restoreInPlace(p: { at: Date; actor: string }, say: Say): Promise<InPlaceResult> {
  const config = env();
  const { PITR_STOP_COMMAND: stop, PITR_START_COMMAND: start } = config;
  if (!stop || !start)
    throw new UserFacingError(
      "an in-place restore needs PITR_STOP_COMMAND and PITR_START_COMMAND (e.g. pg_ctlcluster 15 main stop / start)",
    );
  const started = performance.now();
  if (!(await sealArchive())) say("the archiver is behind: the latest writes may not be recoverable yet");
  await requireInWindow(p.at);
  const backup = await backupBefore(p.at);
  say("safety backup of the database as it is now");
  const safety = await (await startBackup({ actor: p.actor, s3Bucket: null })).done;
  say(`safety backup: ${safety.path}`);
  // This entry is itself rolled back by a restore that succeeds (it was written after the target);
  // it stays when the restore fails, and the finished entry below is written after recovery.
  await recordAudit({
    actor: p.actor,
    action: "pitr-restore",
    target: p.at.toISOString(),
    outcome: "ok",
    details: { fromBackup: backup.label, safetyBackup: safety.path },
  });
  await sealArchive(); // the entry above and the safety backup's are after the target: recovery reaches it
  await closeDb(); // the app's own connections would be cut by the stop

  say(`stopping the cluster: ${stop}`);
  await runAsCluster("sh", ["-c", stop]);
  say(`restoring backup ${backup.label} and recovering to ${p.at.toISOString()}`);
  let shown = -1;
  try {
    await pgbackrest(
      [
        "restore",
        "--delta",
        "--type=time",
        `--target=${targetTime(p.at)}`,
        `--set=${backup.label}`,
        "--target-action=promote",
        "--log-level-console=detail",
      ],
      {
        onLine: (line) => {
          const tenth = Math.floor((fractionDone(line) ?? -1) * 10);
          if (tenth > shown) say(`restored ${(shown = tenth) * 10}%`);
        },
      },
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}. The cluster is stopped and its data directory may be partly restored: ` +
        `run this again, or start it and restore the safety backup ${safety.path} with db_restore.sh`,
    );
  }
  say(`starting the cluster: ${start}`);
  await runAsCluster("sh", ["-c", start]);
  await waitForDatabase(directDatabaseUrl(), 600_000);
  await waitForPromotion(3_600_000);
  const result = {
    at: p.at.toISOString(),
    fromBackup: backup.label,
    safetyBackup: safety.path,
    durationMs: Math.round(performance.now() - started),
  };
  await recordAudit({
    actor: p.actor,
    action: "pitr-restore:finished",
    target: result.at,
    outcome: "ok",
    details: result,
  });
  say(`the cluster is back as it was at ${result.at}, taking writes (${Math.round(result.durationMs / 1000)} s)`);
  return result;
}
