// Read-your-writes across instances: after a write, the primary's WAL position
// is kept in Redis under names: the cache tags the write bumped (a user's
// watchlist tag names that user's writes) and the reader that wrote (the
// scanner). A reader's reads go to a replica only once it
// has replayed past the reader's last write; a value read on a replica is
// cached only if that replica had replayed past every bump of the value's tags.
// Unknown (Redis down): the primary answers, and nothing read on a replica is cached.
import { pool, redis } from "@/lib/db/client";
import { fromLsnKey, lsnKey, parseLsn } from "@/lib/db/replicas/lsn";
import { within } from "@/lib/deadline";
import { env } from "@/lib/env";

/** Long past any lag a replica may have and still serve reads (DB_REPLICA_MAX_LAG_S, at most a day). */
const REMEMBER_MS = 86_400_000;
const TIMEOUT_MS = 200;

/** Sets the key to the position if it is further on than what it holds (positions as 16 hex digits compare as text). */
const SET_IF_FURTHER = `
for i, key in ipairs(KEYS) do
  local held = redis.call('GET', key)
  if (not held) or held < ARGV[1] then redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) end
end
return 1`;

const positionKey = (name: string) => `${env().REDIS_KEY_PREFIX}rw:${name}`;

const bounded = <T>(promise: Promise<T>) => within(promise, TIMEOUT_MS, "Redis");

export const replicasConfigured = () => env().DATABASE_REPLICA_URLS.length > 0;

async function primaryPosition(): Promise<string> {
  const { rows } = await pool().query("SELECT pg_current_wal_lsn()::text AS lsn");
  return lsnKey(parseLsn(rows[0].lsn as string));
}

/**
 * After a write has committed: readers named `names` read only from replicas
 * that have replayed it, and values tagged with one of them read on a replica
 * that has not are not cached. Throws if it cannot be recorded.
 */
export async function noteWrite(names: string[]): Promise<void> {
  if (!replicasConfigured() || names.length === 0) return;
  try {
    const position = await primaryPosition();
    const keys = names.map(positionKey);
    await bounded(redis().eval(SET_IF_FURTHER, keys.length, ...keys, position, String(REMEMBER_MS)));
  } catch (error) {
    // This instance at least sends these readers to the primary until any replica would be caught up.
    const until = Date.now() + env().DB_REPLICA_MAX_LAG_S * 1000;
    for (const name of names) unrecorded.set(name, until);
    throw error;
  }
}

/** Writes whose position could not be recorded, by name: until when their readers read the primary. */
const unrecorded = new Map<string, number>();

/** The position a reader's reads must have reached: 0n when it wrote nothing lately, null when unknown. */
export async function readerPosition(reader: string | null): Promise<bigint | null> {
  if (reader === null) return 0n;
  if ((unrecorded.get(reader) ?? 0) > Date.now()) return null;
  const held = await bounded(redis().get(positionKey(reader))).catch(() => undefined);
  return held === undefined ? null : held === null ? 0n : fromLsnKey(held);
}

/** Whether a value read at `replayLsn` is as new as every bump of its tags (unknown: no). */
export async function newerThanTags(replayLsn: bigint, tags: string[]): Promise<boolean> {
  if (tags.length === 0) return true;
  const held = await bounded(redis().mget(...tags.map(positionKey))).catch(() => null);
  return held !== null && held.every((position) => position === null || fromLsnKey(position) <= replayLsn);
}
