// WAL positions: segment file names and LSNs, to tell how much written WAL
// the archive does not hold yet.

/** "0/5000050" → a byte position. */
export function lsnToBytes(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** Where a segment file ("000000010000000000000005") ends, as a byte position. */
export function segmentEnd(walFile: string, segmentBytes: number): bigint {
  const log = BigInt(`0x${walFile.slice(8, 16)}`);
  const segment = BigInt(`0x${walFile.slice(16, 24)}`);
  return (log << 32n) + (segment + 1n) * BigInt(segmentBytes);
}

/**
 * How old, at most, the oldest write not yet in the archive is, in seconds:
 * 0 when every written byte is archived (an idle database does not age);
 * while only the segment being written holds unarchived writes, Postgres
 * switches it within archive_timeout, so at most that; once finished segments
 * wait (archiving behind or failing), since the last segment was archived.
 */
export function unarchivedAgeS(p: {
  currentLsn: string;
  lastArchivedWal: string | null;
  lastArchivedAt: Date | null;
  segmentBytes: number;
  archiveTimeoutS: number;
  now: Date;
}): { bytes: number; ageS: number } {
  if (!p.lastArchivedWal || !p.lastArchivedAt) return { bytes: Number(lsnToBytes(p.currentLsn)), ageS: Infinity };
  const archivedEnd = segmentEnd(p.lastArchivedWal, p.segmentBytes);
  const unarchived = lsnToBytes(p.currentLsn) - archivedEnd;
  if (unarchived <= 0n) return { bytes: 0, ageS: 0 };
  const sinceArchived = Math.max(0, (p.now.getTime() - p.lastArchivedAt.getTime()) / 1000);
  const finishedWaiting = unarchived > BigInt(p.segmentBytes);
  return {
    bytes: Number(unarchived),
    ageS: finishedWaiting ? sinceArchived : Math.min(sinceArchived, p.archiveTimeoutS),
  };
}
