// One backup or restore at a time across every process and app instance: a
// Postgres advisory lock, held by a connection whose application_name says
// who holds it and since when, so a second caller is told at once.
import { openPgClient } from "@/lib/db/pg-client";
import { UserFacingError } from "@/lib/errors";

export const OPS_LOCK_KEY = 72707370; // beside Prisma's migration lock 72707369

export class OpsBusyError extends UserFacingError {
  constructor(readonly holder: { kind: string; actor: string; startedAt: Date } | null) {
    super(
      holder
        ? `a ${holder.kind} is already running, started ${holder.startedAt.toISOString().slice(11, 19)} UTC by ${holder.actor}`
        : "another backup or restore is already running",
    );
    this.name = "OpsBusyError";
  }
}

const TAG = "legendai-ops";

/** application_name is at most 63 bytes: a long actor is cut and marked with an ellipsis. */
function ownerTag(kind: string, actor: string, startedAt: Date): string {
  const head = `${TAG}|${kind}|${Math.floor(startedAt.getTime() / 1000)}|`;
  const room = 63 - Buffer.byteLength(head);
  return head + (Buffer.byteLength(actor) <= room ? actor : `${actor.slice(0, room - 3)}…`);
}

function parseOwner(tag: string) {
  const [prefix, kind, epoch, actor] = tag.split("|");
  if (prefix !== TAG || !kind || !epoch) return null;
  return { kind, actor: actor ?? "unknown", startedAt: new Date(Number(epoch) * 1000) };
}

export type OpsLock = {
  release: () => Promise<void>;
  /** Aborted if the lock's connection is lost: the operation must stop, another may already have started. */
  lost: AbortSignal;
};

export async function acquireOpsLock(databaseUrl: string, kind: string, actor: string): Promise<OpsLock> {
  const startedAt = new Date();
  const client = await openPgClient(databaseUrl, ownerTag(kind, actor, startedAt));
  const lost = new AbortController();
  let releasing = false;
  const loseLock = () => {
    if (!releasing)
      lost.abort(new Error("the one-at-a-time lock's database connection was lost, so the operation stopped"));
  };
  // A lost lock connection must not crash the process; the lock is gone with it, and the operation stops.
  client.on("error", loseLock);
  client.on("end", loseLock);
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [OPS_LOCK_KEY]);
    if (!rows[0].ok) {
      const holder = await client.query<{ application_name: string }>(
        `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [OPS_LOCK_KEY],
      );
      throw new OpsBusyError(holder.rows[0] ? parseOwner(holder.rows[0].application_name) : null);
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return {
    lost: lost.signal,
    release: async () => {
      releasing = true;
      await client.query("SELECT pg_advisory_unlock($1)", [OPS_LOCK_KEY]).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
