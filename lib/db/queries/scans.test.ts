import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { closeDb, prisma } from "@/lib/db/client";
import { waitUntilReady } from "@/lib/db/redis";
import { redis } from "@/lib/db/client";
import { queryCache } from "@/lib/db/cache";
import { BatchValidationError } from "@/lib/db/queries/scan-input";
import { getRecentScans, saveScansBatch } from "@/lib/db/queries/scans";
import { listScans, SCAN_PAGE_SIZE } from "@/lib/db/queries/scan-list";
import { encodeCursor } from "@/lib/db/queries/cursor";
import { demoScans, demoTickers } from "@/lib/db/seed/demo-data";
import { resetData } from "@/test/reset";

const DAY = 86_400_000;
const now = new Date();
const symbols = demoTickers(50).map((t) => t.symbol);

beforeAll(async () => {
  await resetData();
  await waitUntilReady(redis(), 2000);
  expect(await saveScansBatch(demoScans(3_000, symbols, { now, days: 30 }))).toBe(3_000);
});
afterAll(() => closeDb());

const all = () => prisma().patternScan.findMany({ orderBy: [{ scannedAt: "desc" }, { id: "desc" }] });

describe("getRecentScans", () => {
  it("returns the newest scans first, only the list's columns", async () => {
    const { items } = await getRecentScans({ limit: 20 });
    const expected = (await all()).slice(0, 20);
    expect(items.map((s) => s.id)).toEqual(expected.map((s) => s.id));
    expect(Object.keys(items[0]).sort()).toEqual([
      "entryPrice",
      "id",
      "patternType",
      "pivotPrice",
      "scannedAt",
      "score",
      "ticker",
    ]);
  });

  it("filters by pattern type, minimum score, ticker and date range", async () => {
    const since = new Date(now.getTime() - 10 * DAY);
    const until = new Date(now.getTime() - 2 * DAY);
    const { items } = await getRecentScans({ limit: 500, patternType: "VCP", minScore: 7, since, until });
    const expected = (await all()).filter(
      (s) => s.patternType === "VCP" && s.score >= 7 && s.scannedAt >= since && s.scannedAt < until,
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(items.map((s) => s.id)).toEqual(expected.map((s) => s.id));

    const ticker = symbols[3];
    const byTicker = await getRecentScans({ limit: 500, ticker: ticker.toLowerCase() });
    expect(byTicker.items.length).toBeGreaterThan(0);
    expect(byTicker.items.every((s) => s.ticker === ticker)).toBe(true);
  });

  it("pages through a filtered list with cursors, without gaps or repeats", async () => {
    const expected = (await all()).filter((s) => s.patternType === "FLAT_BASE" && s.score >= 5).map((s) => s.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await getRecentScans({ limit: 37, patternType: "FLAT_BASE", minScore: 5, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it("pages correctly through scans that share a timestamp (one scan run)", async () => {
    const at = new Date(now.getTime() + DAY);
    await saveScansBatch(
      Array.from({ length: 25 }, (_, i) => ({ ticker: "TIE", patternType: "VCP", score: 5 + (i % 5), scannedAt: at })),
    );
    const first = await getRecentScans({ limit: 10, ticker: "TIE" });
    const second = await getRecentScans({ limit: 10, ticker: "TIE", cursor: first.nextCursor! });
    const third = await getRecentScans({ limit: 10, ticker: "TIE", cursor: second.nextCursor! });
    const ids = [...first.items, ...second.items, ...third.items].map((s) => s.id);
    expect(new Set(ids).size).toBe(25);
    expect(third.nextCursor).toBeNull();
  });

  it("pages through a batch written without times (one now(), to the microsecond)", async () => {
    await saveScansBatch(
      Array.from({ length: 30 }, (_, i) => ({ ticker: "NOWTIE", patternType: "VCP", score: i % 10 })),
    );
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await getRecentScans({ limit: 7, ticker: "NOWTIE", cursor });
      ids.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it.each([
    [{ limit: 0 }, "limit"],
    [{ limit: 501 }, "limit"],
    [{ minScore: 11 }, "minScore"],
    [{ patternType: "vcp" }, "patternType"],
    [{ cursor: "not-a-cursor" }, "cursor"],
    [{ since: new Date(), until: new Date(Date.now() - DAY) }, "since"],
  ])("rejects %j naming %s", async (params, field) => {
    const attempt = getRecentScans(params as never);
    await expect(attempt).rejects.toThrow(ZodError);
    await expect(attempt).rejects.toMatchObject({ issues: [expect.objectContaining({ path: [field] })] });
  });

  it("serves repeats from the cache and shows a new batch at once (invalidation)", async () => {
    const before = queryCache().counters();
    const first = await getRecentScans({ limit: 5, patternType: "HIGH_TIGHT_FLAG" });
    await getRecentScans({ patternType: "HIGH_TIGHT_FLAG", limit: 5 });
    expect(queryCache().counters().hits).toBe(before.hits + 1);

    await saveScansBatch([
      { ticker: "NEWB", patternType: "HIGH_TIGHT_FLAG", score: 9.9, scannedAt: new Date(now.getTime() + 2 * DAY) },
    ]);
    const after = await getRecentScans({ limit: 5, patternType: "HIGH_TIGHT_FLAG" });
    expect(after.items[0].ticker).toBe("NEWB");
    expect(after.items[1].id).toBe(first.items[0].id);
  });
});

describe("saveScansBatch", () => {
  it("rejects the whole batch on one bad row, naming its index and reason, writing nothing", async () => {
    const count = await prisma().patternScan.count();
    const rows = [
      { ticker: "AAPL", patternType: "VCP", score: 8 },
      { ticker: "MSFT", patternType: "VCP", score: 8 },
      { ticker: "NVDA", patternType: "VCP", score: 42 },
    ];
    const attempt = saveScansBatch(rows);
    await expect(attempt).rejects.toThrow(BatchValidationError);
    await expect(attempt).rejects.toMatchObject({ index: 2, field: "score" });
    await expect(attempt).rejects.toThrow(/row 2: score: .*nothing was written/);
    expect(await prisma().patternScan.count()).toBe(count);
  });

  it("writes a small batch with one INSERT, details, nulls and default times included", async () => {
    const before = new Date();
    expect(
      await saveScansBatch([
        { ticker: "SMALL", patternType: "VCP", score: 7.5, details: { contractions: 3, note: 'it\'s "quoted"' } },
        { ticker: "SMALL", patternType: "VCP", score: 6, pivotPrice: null, entryPrice: 12.5 },
      ]),
    ).toBe(2);
    const rows = await prisma().patternScan.findMany({ where: { ticker: "SMALL" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.details, r.pivotPrice, r.entryPrice])).toEqual([
      [{ contractions: 3, note: 'it\'s "quoted"' }, null, null],
      [null, null, 12.5],
    ]);
    expect(rows[0].scannedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it("writes 10,000+ rows through COPY in one transaction, details and all", async () => {
    const count = await prisma().patternScan.count();
    const rows = demoScans(12_000, symbols, { now, days: 1, seed: 9 });
    rows[5] = { ...rows[5], ticker: "TAB", details: { note: "tab\there, newline\nand back\\slash" } };
    expect(await saveScansBatch(rows)).toBe(12_000);
    expect(await prisma().patternScan.count()).toBe(count + 12_000);
    const tricky = await prisma().patternScan.findFirst({ where: { ticker: "TAB" } });
    expect(tricky?.details).toEqual({ note: "tab\there, newline\nand back\\slash" });
  });
});

describe("listScans (the dashboard's keyset pages)", () => {
  it("walks forward through every sort and back again to the same pages", async () => {
    for (const sort of ["newest", "oldest", "score"] as const) {
      const pages = [await listScans({ sort, patternType: "VCP" })];
      expect(pages[0].prevCursor).toBeNull();
      for (let i = 0; i < 3; i++)
        pages.push(await listScans({ sort, patternType: "VCP", cursor: pages.at(-1)!.nextCursor! }));
      const forward = pages.flatMap((p) => p.items.map((s) => s.id));
      expect(new Set(forward).size).toBe(4 * SCAN_PAGE_SIZE);
      const back = await listScans({ sort, patternType: "VCP", before: pages[3].prevCursor! });
      expect(back.items.map((s) => s.id)).toEqual(pages[2].items.map((s) => s.id));
      const first = await listScans({ sort, patternType: "VCP", before: pages[1].prevCursor! });
      expect(first.items.map((s) => s.id)).toEqual(pages[0].items.map((s) => s.id));
      expect(first.prevCursor).toBeNull();
    }
  });

  it("orders by score with ties broken by time, as the sort promises", async () => {
    const { items } = await listScans({ sort: "score" });
    const keys = items.map((s) => [s.score, s.scannedAt.getTime(), s.id]);
    expect(keys).toEqual([...keys].sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2]));
  });

  it("counts the matches", async () => {
    const expected = (await all()).filter((s) => s.patternType === "VCP").length;
    expect((await listScans({ patternType: "VCP" })).total).toBe(expected);
  });

  it.each([
    ["an id beyond 32 bits", encodeCursor([new Date(), 2 ** 31])],
    [
      "a year no timestamp holds",
      Buffer.from(JSON.stringify(["-010000-01-01T00:00:00.000Z", 5])).toString("base64url"),
    ],
    ["another sort's cursor", encodeCursor([7.5, new Date(), 5])],
  ])("refuses %s as a cursor", async (_what, cursor) => {
    await expect(listScans({ cursor })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["cursor"] })],
    });
  });
});
