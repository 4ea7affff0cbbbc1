// Runs the periodic jobs on every instance's timer, each claimed by exactly
// one instance per period through a row in monitor_ticks (an UPDATE whose
// condition only one of several concurrent callers can meet): the incident
// rules every ALERT_EVALUATE_EVERY_S, the statistics snapshots every 5 minutes,
// pruning of old throttle, session and audit rows every hour.
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { evaluateRules } from "@/lib/incidents/evaluate";
import { whilePostgresDown } from "@/lib/incidents/outage";
import { throttledWarning } from "@/lib/log/logger";
import { THIS_INSTANCE } from "@/lib/monitoring/instances";
import { SNAPSHOT_EVERY_MS, takeSnapshots } from "@/lib/monitoring/snapshots";
import { HOUSEKEEPING_EVERY_MS, pruneOldRows } from "@/lib/housekeeping";

const warn = throttledWarning("monitor");

/** True when this instance is the one to run `name` now (its last run is at least ~`everyMs` old). */
export async function claimTick(name: string, everyMs: number, by = THIS_INSTANCE): Promise<boolean> {
  const rows = await sql(
    "MonitorTick.claim",
    `INSERT INTO monitor_ticks (name, last_run_at, run_by) VALUES ($1, now(), $2)
     ON CONFLICT (name) DO UPDATE SET last_run_at = now(), run_by = EXCLUDED.run_by
      WHERE monitor_ticks.last_run_at <= now() - make_interval(secs => $3)
     RETURNING name`,
    [name, by, (everyMs * 0.9) / 1000],
  );
  return rows.length === 1;
}

export function startMonitoring(): () => void {
  const everyMs = env().ALERT_EVALUATE_EVERY_S * 1000;
  let running = false;
  const run = async () => {
    if (running) return; // a slow evaluation is not stacked on by the next tick
    running = true;
    try {
      if (await claimTick("alerts", everyMs)) await evaluateRules();
      if (await claimTick("snapshots", SNAPSHOT_EVERY_MS)) await takeSnapshots();
      if (await claimTick("housekeeping", HOUSEKEEPING_EVERY_MS)) await pruneOldRows();
    } catch (error) {
      if (isDatabaseUnavailable(error))
        await whilePostgresDown(new Date(), (error as Error).message, everyMs).catch(() => {});
      else warn(`incident evaluation failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(run, everyMs);
  const first = setTimeout(run, Math.min(everyMs, 5_000));
  timer.unref();
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}
