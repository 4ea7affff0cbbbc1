// Alerts, scan logs and tickers: the read-only families.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, prisma, redis } from "@/lib/db/client";
import { waitUntilReady } from "@/lib/db/redis";
import { getAlerts } from "@/lib/db/queries/alerts";
import { getScanLogs } from "@/lib/db/queries/scan-logs";
import { getTicker } from "@/lib/db/queries/tickers";
import { demoAlerts, demoScanLogs, demoTickers } from "@/lib/db/seed/demo-data";
import { resetData } from "@/test/reset";

let users: number[];
const symbols = demoTickers(100).map((t) => t.symbol);

beforeAll(async () => {
  await resetData();
  await waitUntilReady(redis(), 2000);
  await prisma().ticker.createMany({ data: demoTickers(100) });
  users = (
    await prisma().user.createManyAndReturn({
      data: [1, 2, 3].map((i) => ({ email: `u${i}@x.test`, name: `U${i}`, passwordHash: "x" })),
    })
  ).map((u) => u.id);
  await prisma().alertLog.createMany({
    data: users.flatMap((userId, i) => demoAlerts(symbols, 300, 10 + i).map((a) => ({ ...a, userId }))),
  });
  await prisma().scanLog.createMany({ data: demoScanLogs(10, 600) });
});
afterAll(() => closeDb());

describe("getAlerts", () => {
  it("filters by user, type and date range, newest first, paging by cursor", async () => {
    const since = new Date(Date.now() - 60 * 86_400_000);
    const expected = await prisma().alertLog.findMany({
      where: { userId: users[1], alertType: "PRICE_TARGET", alertSentAt: { gte: since } },
      orderBy: [{ alertSentAt: "desc" }, { id: "desc" }],
    });
    expect(expected.length).toBeGreaterThan(20);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await getAlerts({ userId: users[1], alertType: "PRICE_TARGET", since, limit: 20, cursor });
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected.map((a) => a.id));
  });

  it("without a user, lists everyone's alerts", async () => {
    const { items } = await getAlerts({ limit: 500 });
    expect(new Set(items.map((a) => a.userId)).size).toBe(3);
  });

  it("rejects bad filters", async () => {
    await expect(getAlerts({ alertType: "price target" })).rejects.toThrow(/alert type/);
    await expect(getAlerts({ limit: 1000 })).rejects.toThrow();
  });
});

describe("getScanLogs", () => {
  it("lists runs newest first with their durations", async () => {
    const logs = await getScanLogs({ limit: 10 });
    expect(logs).toHaveLength(10);
    const starts = logs.map((l) => l.startTime.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    for (const log of logs) expect(log.durationMs).toBe(log.endTime!.getTime() - log.startTime.getTime());
    const failed = await getScanLogs({ status: "failed", limit: 500 });
    expect(failed.every((l) => l.status === "failed" && l.error)).toBe(true);
  });
});

describe("tickers", () => {
  it("finds metadata by symbol, in any case", async () => {
    expect(await getTicker("aapl")).toMatchObject({ symbol: "AAPL", name: "Apple Inc.", sector: "Technology" });
    expect(await getTicker("NOPE")).toBeNull();
  });
});
