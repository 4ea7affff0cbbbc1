import { describe, expect, it } from "vitest";
import { cacheRows, latencyRows, poolRows } from "@/components/charts/series";

describe("chart series", () => {
  it("groups latency by table family: p50 weighted by count, p95 the slowest operation", () => {
    const points = [
      { t: 1, name: "PatternScan.findMany", n: 30, p50: 2, p95: 5, p99: 9 },
      { t: 1, name: "PatternScan.count", n: 10, p50: 6, p95: 20, p99: 30 },
      { t: 1, name: "User.findUnique", n: 5, p50: 1, p95: 1.5, p99: 2 },
      { t: 2, name: "PatternScan.findMany", n: 1, p50: 3, p95: 3, p99: 3 },
    ];
    expect(latencyRows(points, "p50")).toEqual({
      families: ["PatternScan", "User"],
      total: 2,
      rows: [
        { t: 1, PatternScan: 3, User: 1 },
        { t: 2, PatternScan: 3 },
      ],
    });
    expect(latencyRows(points, "p95").rows[0]).toEqual({ t: 1, PatternScan: 20, User: 1.5 });
  });

  it("draws only the eight slowest families, slowest first, and says how many there are", () => {
    const points = Array.from({ length: 12 }, (_, i) => ({ t: 1, name: `F${i}.q`, n: 1, p50: i, p95: i, p99: i }));
    const { families, total } = latencyRows(points, "p95");
    expect(total).toBe(12);
    expect(families).toEqual(["F11", "F10", "F9", "F8", "F7", "F6", "F5", "F4"]);
  });

  it("turns cache counters into a hit ratio, skipping idle buckets", () => {
    expect(
      cacheRows([
        { t: 1, hits: 3, misses: 1, errors: 0 },
        { t: 2, hits: 0, misses: 0, errors: 0 },
      ]),
    ).toEqual([{ t: 1, hitRatio: 75, hits: 3, misses: 1, errors: 0 }]);
  });

  it("labels pool samples for the legend", () => {
    expect(
      poolRows([
        {
          t: 1,
          checked_out: 2,
          checked_in: 3,
          waiting: 0,
          overflow: 0,
          total: 5,
          size: 5,
          max: 15,
          acquire_timeouts: 0,
        },
      ]),
    ).toEqual([{ t: 1, "checked out": 2, idle: 3, waiting: 0, overflow: 0, size: 5, max: 15 }]);
  });
});
