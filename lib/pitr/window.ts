// Which moments can be recovered to, and from which backup: a target must lie
// inside the recoverable window (the refusal names it), and recovery starts
// from the newest backup that finished before it. pgBackRest keeps a backup's
// stop time in whole seconds, so a target in that same second is not after it.
import { UserFacingError } from "@/lib/errors";
import { stanzaInfo, type PitrBackup } from "@/lib/pitr/pgbackrest";
import { pitrStatus } from "@/lib/pitr/status";

/** The first moment a backup can be recovered to (the second after it stopped). */
export const recoverableFrom = (backup: PitrBackup) => (backup.timestamp.stop + 1) * 1000;

/** Refused unless `at` is inside the recoverable window (named in the refusal). */
export async function requireInWindow(at: Date): Promise<void> {
  const status = await pitrStatus();
  if (status.state !== "ok") throw new UserFacingError(`point-in-time recovery is not available: ${status.reason}`);
  const { window } = status;
  if (!window) throw new UserFacingError("there is no recoverable window yet: no PITR backup has finished");
  if (at.getTime() < Date.parse(window.from) || at.getTime() > Date.parse(window.to))
    throw new UserFacingError(`${at.toISOString()} is outside the recoverable window (${window.from} to ${window.to})`);
}

/** The newest good backup recovery to `at` can start from. */
export async function backupBefore(at: Date): Promise<PitrBackup> {
  const info = await stanzaInfo();
  const backup = [...info.backup].reverse().find((b) => !b.error && recoverableFrom(b) <= at.getTime());
  if (!backup) throw new UserFacingError(`no backup finished before ${at.toISOString()}`);
  return backup;
}

/** "16/B374D848" as a number, to compare WAL positions. */
export const lsnValue = (lsn: string) => {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
};

/** The newest good backup whose end is at or before WAL position `lsn` (recovery to it can start there). */
export async function backupBeforeLsn(lsn: string): Promise<PitrBackup> {
  const info = await stanzaInfo();
  const target = lsnValue(lsn);
  const backup = [...info.backup].reverse().find((b) => !b.error && b.lsn && lsnValue(b.lsn.stop) <= target);
  if (!backup) throw new UserFacingError(`no backup ended before WAL position ${lsn}`);
  return backup;
}
