// The locks a migration takes, sampled from pg_locks every few milliseconds
// while it runs: per table, the strongest mode its connections held and for
// how long (first to last sample holding any lock on it).
import { openPgClient } from "@/lib/db/pg-client";

export type LockHeld = { table: string; mode: string; held_ms: number };

const MODES = [
  "AccessShareLock",
  "RowShareLock",
  "RowExclusiveLock",
  "ShareUpdateExclusiveLock",
  "ShareLock",
  "ShareRowExclusiveLock",
  "ExclusiveLock",
  "AccessExclusiveLock",
];
const SAMPLE_EVERY_MS = 10;

export async function sampleLocks(url: string, application: string): Promise<{ stop: () => Promise<LockHeld[]> }> {
  const client = await openPgClient(url, "legendai-rehearsal-locks");
  const seen = new Map<string, { mode: string; first: number; last: number }>();
  let running = true;
  const sampling = (async () => {
    while (running) {
      const { rows } = await client.query<{ table: string; mode: string }>(
        `SELECT c.relname AS "table", l.mode
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN pg_class c ON c.oid = l.relation
          WHERE a.application_name = $1 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace`,
        [application],
      );
      const now = performance.now();
      for (const row of rows) {
        const entry = seen.get(row.table) ?? { mode: row.mode, first: now, last: now };
        if (MODES.indexOf(row.mode) > MODES.indexOf(entry.mode)) entry.mode = row.mode;
        entry.last = now;
        seen.set(row.table, entry);
      }
      await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await sampling;
      await client.end();
      return [...seen]
        .map(([table, e]) => ({ table, mode: e.mode, held_ms: Math.round(e.last - e.first + SAMPLE_EVERY_MS) }))
        .sort((a, b) => MODES.indexOf(b.mode) - MODES.indexOf(a.mode) || b.held_ms - a.held_ms);
    },
  };
}
