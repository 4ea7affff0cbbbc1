// Rows that would otherwise pile up for ever: sign-in throttles with nothing
// left to remember, sessions that ended or expired a month ago, and audit
// entries older than AUDIT_KEEP_DAYS (0 keeps them all), wait samples and
// query plans past their 7 days. Run hourly by one
// instance (lib/incidents/scheduler.ts); a flood of failed sign-ins leaves
// nothing behind for long.
import { pruneAudit } from "@/lib/db/queries/audit";
import { pruneSessions } from "@/lib/db/queries/sessions";
import { pruneThrottles } from "@/lib/db/queries/sign-in-throttles";
import { env } from "@/lib/env";
import { THROTTLE_WINDOW_MS } from "@/lib/auth/throttle";
import { prunePlans } from "@/lib/monitoring/plans/store";
import { pruneWaitSamples } from "@/lib/monitoring/waits/history";

export const HOUSEKEEPING_EVERY_MS = 60 * 60_000;
const ENDED_SESSIONS_KEEP_MS = 30 * 86_400_000;

export async function pruneOldRows(): Promise<{ throttles: number; sessions: number; audit: number }> {
  const keepDays = env().AUDIT_KEEP_DAYS;
  await pruneWaitSamples();
  await prunePlans();
  return {
    throttles: await pruneThrottles(THROTTLE_WINDOW_MS),
    sessions: await pruneSessions(ENDED_SESSIONS_KEEP_MS),
    audit: keepDays > 0 ? await pruneAudit(keepDays) : 0,
  };
}
