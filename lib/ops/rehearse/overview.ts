// What the migration card shows of rehearsals: the pending migrations, the
// rehearsal of exactly them (if any) and the last one of any.
import { directDatabaseUrl } from "@/lib/env";
import { pendingForRehearsal } from "@/lib/ops/rehearse/rehearse";
import { lastRehearsal } from "@/lib/ops/rehearse/report";

export type { MigrationReport } from "@/lib/ops/rehearse/report";

/** For the migration card: the pending migrations, the rehearsal of exactly them (if any) and the last one of any. */
export async function rehearsalOverview() {
  const { pending, key } = await pendingForRehearsal();
  const live = directDatabaseUrl();
  const current = pending.length ? await lastRehearsal(live, key) : null;
  return { pending: pending.map((m) => m.name), current, last: current ?? (await lastRehearsal(live)) };
}
