// Where a replica-safe read runs: on a replica that has replayed past the
// reader's last write (`minLsn`; 0n: none lately), taking turns, else on the
// primary (null: the reader's position is unknown). A read that fails on a
// replica is answered by the primary, and the replica leaves the rotation: no
// request fails because of a replica. Callers read through cachedRead()
// (lib/db/cache/index.ts), which also decides whether the value may be cached.
import { pool, prisma, replicaDbs, replicaSet, type AppPrisma } from "@/lib/db/client";
import type { ObservedPool } from "@/lib/db/pool";
import { observeRead } from "@/lib/db/replicas/reads";

export type ReadTarget = { name: string; pool: ObservedPool; prisma: AppPrisma };

export const primaryTarget = (): ReadTarget => ({ name: "primary", pool: pool(), prisma: prisma() });

/** The value, and the WAL position of the replica that served it (null: the primary did). */
export async function readOn<T>(
  minLsn: bigint | null,
  read: (target: ReadTarget) => Promise<T>,
): Promise<{ value: T; servedAt: bigint | null }> {
  const set = replicaSet();
  let picked = minLsn !== null && set ? set.pick(minLsn) : null;
  if (!picked && minLsn && set) {
    await set.catchUp(minLsn); // right after the reader's own write: has a replica replayed it by now?
    picked = set.pick(minLsn);
  }
  if (!picked) {
    observeRead("primary");
    return { value: await read(primaryTarget()), servedAt: null };
  }
  try {
    const value = await read(replicaDbs().find((r) => r.name === picked.name)!);
    observeRead("replica");
    return { value, servedAt: picked.replayLsn };
  } catch (error) {
    set!.failed(picked.name, error as Error);
    observeRead("primary", "replica failed");
    return { value: await read(primaryTarget()), servedAt: null };
  }
}
