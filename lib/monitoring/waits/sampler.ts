// Active session history: one instance at a time (the one holding the lease,
// a row in monitor_ticks renewed every few seconds; when its holder stops, the
// next instance to ask takes it once it lapses) samples the active sessions
// every WAIT_SAMPLE_EVERY_MS and counts them per minute by wait, statement
// and relation. Every 10 s and when the minute turns, the counts go to
// Postgres (added to the minute's row) in one statement, with
// how many samples it took (average active sessions divide by it) and what
// sampling cost (the time its reads took).
import { sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { throttledWarning } from "@/lib/log/logger";
import { THIS_INSTANCE } from "@/lib/monitoring/instances";
import { sampleActiveSessions, type ActiveSession } from "@/lib/monitoring/waits/sample";

const warn = throttledWarning("waits");
export const LEASE_MS = 10_000;
const RENEW_EVERY_MS = 3_000;
/** Rows kept per minute, the busiest; the rest are added into one "other" row. */
const ROWS_PER_MINUTE = 200;

/** Takes or renews the sampler's lease; true while this instance holds it. */
export async function holdLease(by = THIS_INSTANCE, leaseMs = LEASE_MS): Promise<boolean> {
  const rows = await sql(
    "MonitorTick.lease",
    `INSERT INTO monitor_ticks (name, last_run_at, run_by) VALUES ('wait-sampler', now(), $1)
     ON CONFLICT (name) DO UPDATE SET last_run_at = now(), run_by = EXCLUDED.run_by
      WHERE monitor_ticks.run_by = EXCLUDED.run_by OR monitor_ticks.last_run_at < now() - make_interval(secs => $2)
     RETURNING name`,
    [by, leaseMs / 1000],
  );
  return rows.length === 1;
}

type Bucket = { session: ActiveSession; samples: number; blockers: Set<number> };

/** One minute's counts, built in memory and written when the minute is over. */
export class MinuteOfSamples {
  readonly buckets = new Map<string, Bucket>();
  ticks = 0;
  costMs = 0;

  readonly begun = Date.now();

  constructor(readonly minute: number) {}

  add(sessions: ActiveSession[], costMs: number): void {
    this.ticks += 1;
    this.costMs += costMs;
    for (const s of sessions) {
      const key = [s.waitClass, s.waitEvent, s.queryKey, s.application, s.relation].join("\u0000");
      const bucket = this.buckets.get(key) ?? { session: s, samples: 0, blockers: new Set<number>() };
      bucket.samples += 1;
      for (const pid of s.blockers) bucket.blockers.add(pid);
      this.buckets.set(key, bucket);
    }
  }

  rows() {
    const sorted = [...this.buckets.values()].sort((a, b) => b.samples - a.samples);
    const kept = sorted.slice(0, ROWS_PER_MINUTE).map((b) => ({
      wait_class: b.session.waitClass,
      wait_event: b.session.waitEvent,
      query_key: b.session.queryKey,
      query: b.session.query,
      application: b.session.application,
      relation: b.session.relation.slice(0, 255),
      blockers: [...b.blockers].slice(0, 20).join(","),
      samples: b.samples,
    }));
    const rest = sorted.slice(ROWS_PER_MINUTE).reduce((n, b) => n + b.samples, 0);
    if (rest)
      kept.push({
        wait_class: "Other",
        wait_event: "Other",
        query_key: "other",
        query: "(other statements)",
        application: "",
        relation: "",
        blockers: "",
        samples: rest,
      });
    return kept;
  }

  /** Writes the minute (added to what another holder wrote for it, around a lease handover). */
  async save(by = THIS_INSTANCE): Promise<void> {
    if (!this.ticks) return;
    const minute = new Date(this.minute);
    await sql(
      "WaitSample.save",
      `INSERT INTO wait_samples (minute, wait_class, wait_event, query_key, query, application, relation, blockers, samples)
       SELECT $1, r.wait_class, r.wait_event, r.query_key, r.query, r.application, r.relation, r.blockers, r.samples
         FROM jsonb_to_recordset($2::jsonb) AS r(wait_class text, wait_event text, query_key text, query text,
              application text, relation text, blockers text, samples int)
       ON CONFLICT (minute, wait_class, wait_event, query_key, application, relation)
       DO UPDATE SET samples = wait_samples.samples + EXCLUDED.samples, blockers = EXCLUDED.blockers`,
      [minute, JSON.stringify(this.rows())],
    );
    await sql(
      "WaitSampleMinute.save",
      `INSERT INTO wait_sample_minutes (minute, ticks, sampler, cost_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (minute) DO UPDATE SET ticks = wait_sample_minutes.ticks + EXCLUDED.ticks,
         cost_ms = wait_sample_minutes.cost_ms + EXCLUDED.cost_ms, sampler = EXCLUDED.sampler`,
      [minute, this.ticks, by, this.costMs],
    );
  }
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000) * 60_000;
/** Counts are written at least this often (added to the minute's row), so the chart is never more than this behind. */
const SAVE_EVERY_MS = 10_000;

/**
 * Samples once into `current`, returning what to fill next: a fresh count once
 * the minute turned or the current one is SAVE_EVERY_MS old (it is saved first).
 */
export async function sampleOnce(current: MinuteOfSamples | null, by = THIS_INSTANCE): Promise<MinuteOfSamples> {
  const started = performance.now();
  const sessions = await sampleActiveSessions();
  const costMs = performance.now() - started;
  const now = Date.now();
  let minute = current;
  if (!minute || minute.minute !== minuteOf(now) || now - minute.begun >= SAVE_EVERY_MS) {
    await current?.save(by);
    minute = new MinuteOfSamples(minuteOf(now));
  }
  minute.add(sessions, costMs);
  return minute;
}

/** Runs the sampler on this instance's timer while it holds the lease; returns how to stop it (saving the minute so far). */
export function startWaitSampler(by = THIS_INSTANCE): () => Promise<void> {
  const everyMs = env().WAIT_SAMPLE_EVERY_MS;
  if (!everyMs) return async () => {};
  let holding = false;
  let minute: MinuteOfSamples | null = null;
  let busy = false;
  const renew = async () => {
    holding = await holdLease(by).catch(() => false);
    if (!holding && minute) {
      await minute.save(by).catch(() => {});
      minute = null;
    }
  };
  const tick = async () => {
    if (!holding || busy) return; // a slow sample is not stacked on by the next
    busy = true;
    try {
      minute = await sampleOnce(minute, by);
    } catch (error) {
      warn(`wait sample failed: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  };
  const leaseTimer = setInterval(() => void renew(), RENEW_EVERY_MS);
  const sampleTimer = setInterval(() => void tick(), everyMs);
  leaseTimer.unref();
  sampleTimer.unref();
  void renew();
  return async () => {
    clearInterval(leaseTimer);
    clearInterval(sampleTimer);
    await minute?.save(by).catch(() => {});
    if (holding)
      await sql("MonitorTick.release", `DELETE FROM monitor_ticks WHERE name = 'wait-sampler' AND run_by = $1`, [
        by,
      ]).catch(() => {});
  };
}
