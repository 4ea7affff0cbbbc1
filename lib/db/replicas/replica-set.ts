// The read replicas (DATABASE_REPLICA_URLS) and what is known of each: checked
// every second against the primary's WAL position. A replica serves reads only
// while its last check is recent, it is in recovery (a promoted one is not a
// replica any more), and it is less than DB_REPLICA_MAX_LAG_S behind. Lag is
// measured by WAL position first: a replica that has replayed everything the
// primary wrote is not behind however long ago the last write was, so an idle
// primary does not look like lag. One that has not is at most as far behind as
// the last check at which the primary was no further than it has replayed
// (the writes it lacks came after), or its last replayed commit, whichever is
// nearer.
import type { ObservedPool } from "@/lib/db/pool";
import { within } from "@/lib/deadline";
import { logger } from "@/lib/log/logger";
import { parseLsn } from "@/lib/db/replicas/lsn";

const CHECK_EVERY_MS = 1_000;
/** A check that takes longer fails: a stalled replica is out of rotation within about two seconds. */
const CHECK_TIMEOUT_MS = 1_000;
/** A state older than this is not trusted (the checker itself stalled). */
const STALE_AFTER_MS = 3_000;

export type ReplicaState = {
  name: string;
  /** Serving reads now. */
  inRotation: boolean;
  /** Why not, in a few words (null while in rotation). */
  reason: string | null;
  replayLsn: bigint | null;
  lagBytes: number | null;
  lagSeconds: number | null;
  replayPaused: boolean;
  checkedAt: number;
};

export type Replica = { name: string; pool: ObservedPool };

const log = logger("replicas");

export class ReplicaSet {
  private readonly states = new Map<string, ReplicaState>();
  /** The primary's WAL position at each recent check, oldest first. */
  private readonly primaryPositions: PrimaryPosition[] = [];
  private timer: NodeJS.Timeout | null = null;
  private turn = 0;

  constructor(
    readonly replicas: Replica[],
    private readonly primary: ObservedPool,
    private readonly maxLagSeconds: number,
  ) {}

  /** Checks now, then every second (the timer does not keep the process alive). */
  start(): void {
    if (this.timer || this.replicas.length === 0) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Every replica's state as last checked. */
  status(): ReplicaState[] {
    return this.replicas.map((r) => this.states.get(r.name) ?? unknown(r.name));
  }

  /**
   * A replica that may serve a read which must see every write up to `minLsn`
   * (0n: none of the reader's own), taking turns; null: read the primary.
   */
  pick(minLsn: bigint): (Replica & { replayLsn: bigint }) | null {
    const now = Date.now();
    const usable = this.replicas
      .map((replica) => ({ replica, state: this.states.get(replica.name) }))
      .filter(
        ({ state }) =>
          state?.inRotation &&
          now - state.checkedAt < STALE_AFTER_MS &&
          state.replayLsn !== null &&
          state.replayLsn >= minLsn &&
          // The data it serves is at most this old: its lag then, plus the time since.
          (state.lagSeconds ?? Infinity) + (now - state.checkedAt) / 1000 <= this.maxLagSeconds,
      );
    if (usable.length === 0) return null;
    const { replica, state } = usable[this.turn++ % usable.length];
    return { ...replica, replayLsn: state!.replayLsn! };
  }

  /**
   * Asks each replica in rotation that had not replayed `minLsn` at its last
   * check how far it has replayed now (replicas usually follow within
   * milliseconds, checks come every second): a reader right after its own
   * write need not go to the primary for it.
   */
  async catchUp(minLsn: bigint): Promise<void> {
    const behind = this.replicas.filter((r) => {
      const state = this.states.get(r.name);
      return state?.inRotation && state.replayLsn !== null && state.replayLsn < minLsn;
    });
    await Promise.all(
      behind.map(async (replica) => {
        const { rows } = await within(
          replica.pool.query("SELECT pg_last_wal_replay_lsn()::text AS lsn"),
          CHECK_TIMEOUT_MS,
          replica.name,
        ).catch(() => ({ rows: [] as { lsn: string | null }[] }));
        const state = this.states.get(replica.name);
        const lsn = rows[0]?.lsn ? parseLsn(rows[0].lsn) : null;
        if (state && lsn !== null && (state.replayLsn === null || lsn > state.replayLsn))
          this.states.set(replica.name, { ...state, replayLsn: lsn });
      }),
    );
  }

  /** A read on this replica failed: out of rotation until its next good check. */
  failed(name: string, error: Error): void {
    const state = this.states.get(name) ?? unknown(name);
    this.states.set(name, { ...state, inRotation: false, reason: `a read failed: ${error.message}` });
  }

  /** One round of checks: the primary's WAL position, then every replica's against it. */
  async check(): Promise<void> {
    const primaryLsn = await within(
      this.primary.query("SELECT pg_current_wal_lsn()::text AS lsn"),
      CHECK_TIMEOUT_MS,
      "the primary",
    )
      .then((r) => parseLsn(r.rows[0].lsn as string))
      .catch(() => null);
    if (primaryLsn !== null) this.remember({ lsn: primaryLsn, at: Date.now() });
    await Promise.all(this.replicas.map((replica) => this.checkOne(replica, primaryLsn)));
  }

  /** Kept long enough to tell any lag up to the limit, and a little more. */
  private remember(position: PrimaryPosition): void {
    this.primaryPositions.push(position);
    const keepFrom = position.at - (this.maxLagSeconds + 10) * 1000;
    while (this.primaryPositions[0].at < keepFrom) this.primaryPositions.shift();
  }

  private async checkOne(replica: Replica, primaryLsn: bigint | null): Promise<void> {
    const before = this.states.get(replica.name);
    const state = await within(readReplica(replica.pool), CHECK_TIMEOUT_MS, replica.name).then(
      (row) => judge(replica.name, row, primaryLsn, this.primaryPositions, this.maxLagSeconds),
      (error: Error) => ({ ...unknown(replica.name), reason: `unreachable: ${error.message}`, checkedAt: Date.now() }),
    );
    if (before?.inRotation !== state.inRotation)
      log.warn(`${replica.name} ${state.inRotation ? "back in rotation" : `out of rotation: ${state.reason}`}`);
    this.states.set(replica.name, state);
  }
}

type PrimaryPosition = { lsn: bigint; at: number };

type ReplicaRow = { recovery: boolean; replay: string | null; replayedAt: number | null; paused: boolean; now: number };

async function readReplica(pool: ObservedPool): Promise<ReplicaRow> {
  const { rows } = await pool.query(
    `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replay,
            extract(epoch FROM pg_last_xact_replay_timestamp())::float8 AS "replayedAt",
            CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END AS paused,
            extract(epoch FROM now())::float8 AS now`,
  );
  return rows[0] as ReplicaRow;
}

function judge(
  name: string,
  row: ReplicaRow,
  primaryLsn: bigint | null,
  primaryPositions: PrimaryPosition[],
  maxLag: number,
): ReplicaState {
  const replayLsn = row.replay ? parseLsn(row.replay) : null;
  const lagBytes = replayLsn !== null && primaryLsn !== null ? Math.max(0, Number(primaryLsn - replayLsn)) : null;
  // Caught up with the primary (as read just before): no lag, however long ago the last write was.
  const lagSeconds = lagBytes === 0 ? 0 : lagBytes === null ? null : secondsBehind(replayLsn!, row, primaryPositions);
  const reason = !row.recovery
    ? "not in recovery (promoted?): not a replica"
    : primaryLsn === null
      ? "the primary's WAL position is unknown"
      : lagSeconds === null || lagSeconds > maxLag
        ? `${lagSeconds === null ? "unknown" : lagSeconds === Infinity ? "no replayed transaction" : `${lagSeconds.toFixed(1)} s`} behind (limit ${maxLag} s)`
        : null;
  return {
    name,
    inRotation: reason === null,
    reason,
    replayLsn,
    lagBytes,
    lagSeconds,
    replayPaused: row.paused,
    checkedAt: Date.now(),
  };
}

/** Behind by no more than the nearer of: the last check the replica had caught up with, its last replayed commit. */
function secondsBehind(replayLsn: bigint, row: ReplicaRow, primaryPositions: PrimaryPosition[]): number {
  const caughtUpAt = primaryPositions.findLast((p) => p.lsn <= replayLsn)?.at;
  const sinceCaughtUp = caughtUpAt === undefined ? Infinity : (Date.now() - caughtUpAt) / 1000;
  const sinceReplayed = row.replayedAt === null ? Infinity : row.now - row.replayedAt;
  return Math.max(0, Math.min(sinceCaughtUp, sinceReplayed));
}

const unknown = (name: string): ReplicaState => ({
  name,
  inRotation: false,
  reason: "not checked yet",
  replayLsn: null,
  lagBytes: null,
  lagSeconds: null,
  replayPaused: false,
  checkedAt: 0,
});
