// Rules about the app's use of the database: callers waiting for connections,
// a slow query family, sequences and transaction ids near their ceiling.
import { count, MINUTE, type Condition, type Rule } from "./rule";

export const PERFORMANCE_RULES: Rule[] = [
  {
    id: "pool_saturated",
    title: "Callers wait for database connections",
    needs: ["pool"],
    forMs: 0,
    evaluate: ({ pool, now }) => {
      if (!pool) return null;
      const lastMinute = pool.filter((p) => p.t >= now.getTime() - MINUTE - 5_000);
      const found: Condition[] = [];
      if (lastMinute.length >= 10 && lastMinute.every((p) => p.waiting > 0))
        found.push({
          subject: "waiting",
          summary: `callers have waited for a connection for over a minute (${lastMinute.at(-1)!.waiting} waiting now)`,
        });
      const timeouts =
        lastMinute.length >= 2 ? lastMinute.at(-1)!.acquire_timeouts - lastMinute[0].acquire_timeouts : 0;
      if (timeouts > 0)
        found.push({
          subject: "timeouts",
          summary: `${timeouts} caller(s) gave up waiting for a connection in the last minute`,
        });
      return found;
    },
  },
  {
    id: "query_slow",
    title: "A query family is slow",
    needs: ["latency"],
    forMs: 0,
    evaluate: ({ latency, now }, s) => {
      if (!latency) return null;
      const byName = new Map<string, typeof latency>();
      for (const p of latency) if (p.n > 0) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
      return [...byName]
        .filter(
          ([, points]) => points[0].t <= now.getTime() - 4.5 * MINUTE && points.every((p) => p.p95 > s.queryP95Ms),
        )
        .map(([name, points]) => ({
          subject: name,
          summary: `${name} queries: p95 above ${s.queryP95Ms} ms for 5 minutes (${Math.round(points.at(-1)!.p95)} ms now)`,
        }));
    },
  },
  {
    id: "sequence_high",
    title: "A sequence is near its maximum",
    needs: ["sequences"],
    forMs: 0,
    evaluate: ({ sequences }, s) =>
      sequences
        .filter((q) => q.usedShare * 100 > s.sequenceMaxPercent)
        .map((q) => ({
          subject: q.sequence,
          summary: `${q.sequence}${q.column ? ` (${q.column})` : ""} is ${(q.usedShare * 100).toFixed(1)}% used${q.runsOutAt ? `, runs out about ${q.runsOutAt.toISOString().slice(0, 10)}` : ""}`,
        })),
  },
  {
    id: "xid_age",
    title: "Transaction-id age is high",
    needs: ["xid"],
    forMs: 0,
    evaluate: ({ xid }, s) =>
      xid.age > s.xidMaxAge
        ? [
            {
              subject: "",
              summary: `transaction-id age ${count(xid.age)} (limit ${count(s.xidMaxAge)}); wraparound stops writes at ~2,147 million`,
            },
          ]
        : [],
  },
];
