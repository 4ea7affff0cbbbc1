// Where a replica-safe read runs. A cached query that says who reads
// (`replica: { reader }`) runs its loader inside a scope holding the position
// that reader's reads must have reached; onReplica() then picks a replica that
// has replayed past it, or the primary. A read that fails on a replica is
// answered by the primary (and the replica leaves the rotation): no request
// fails because of a replica. Outside such a scope, and for anything inside a
// transaction, the primary answers.
import { AsyncLocalStorage } from "node:async_hooks";
import { pool, prisma, replicaDbs, replicaSet, type AppPrisma } from "@/lib/db/client";
import type { ObservedPool } from "@/lib/db/pool";
import { observeRead } from "@/lib/db/replicas/reads";

export type ReadTarget = { name: string; pool: ObservedPool; prisma: AppPrisma };

type Scope = {
  /** The reader's last write's position (0n: none lately; null: unknown, so the primary). */
  minLsn: bigint | null;
  /** The lowest position a replica read in this scope was served at (null: all from the primary). */
  servedAt: bigint | null;
};

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `load` as a read that replicas may serve, for a reader whose writes must show. */
export function replicaScope<T>(minLsn: bigint | null, load: () => Promise<T>): { scope: Scope; result: Promise<T> } {
  const scope: Scope = { minLsn, servedAt: null };
  return { scope, result: scopes.run(scope, load) };
}

const primary = (): ReadTarget => ({ name: "primary", pool: pool(), prisma: prisma() });

/** Runs `read` on a replica that may serve it, else on the primary. */
export async function onReplica<T>(read: (target: ReadTarget) => Promise<T>): Promise<T> {
  const scope = scopes.getStore();
  const set = replicaSet();
  const minLsn = scope?.minLsn ?? null;
  let picked = minLsn !== null && set ? set.pick(minLsn) : null;
  if (!picked && minLsn && set) {
    await set.catchUp(minLsn); // right after the reader's own write: has a replica replayed it by now?
    picked = set.pick(minLsn);
  }
  if (!picked) {
    observeRead("primary");
    return read(primary());
  }
  const target = replicaDbs().find((r) => r.name === picked.name)!;
  try {
    const value = await read(target);
    scope!.servedAt =
      scope!.servedAt === null || picked.replayLsn < scope!.servedAt ? picked.replayLsn : scope!.servedAt;
    observeRead("replica");
    return value;
  } catch (error) {
    set!.failed(picked.name, error as Error);
    observeRead("primary", "replica failed");
    return read(primary());
  }
}
