// A trader filters scans (the filter survives a reload), sees no operations,
// and is refused when calling an operator-only action or route directly.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ACTION_CAPTURE, checkPage } from "./helpers";

test("filters scans by pattern and score; the URL keeps the filter across a reload", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/scans$/); // traders start at their scans
  await page.getByLabel("Pattern").selectOption("VCP");
  await page.getByLabel("Minimum score").fill("7.3"); // a tenth is a valid step
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/pattern=VCP/);
  await expect(page).toHaveURL(/minScore=7.3/);
  await expect(page).not.toHaveURL(/=(&|$)/); // no empty parameters in the address

  const check = async (range: RegExp) => {
    await expect(page.getByTestId("result-count")).toContainText(range);
    const rows = page.locator("table tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      await expect(row.locator("td").nth(2)).toHaveText("VCP");
      expect(Number(await row.locator("td").nth(3).innerText())).toBeGreaterThanOrEqual(7.3);
    }
  };
  await check(/^1–25 of [\d,]+\+? scans$/);
  await page.reload();
  await expect(page).toHaveURL(/pattern=VCP&minScore=7.3|minScore=7.3.*pattern=VCP/);
  await expect(page.getByLabel("Pattern")).toHaveValue("VCP");
  await check(/^1–25 of /);
  const firstRow = await page.locator("table tbody tr").first().textContent();
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await check(/^26–50 of [\d,]+\+? scans$/); // the page number rides beside the cursor
  await page.getByRole("link", { name: "← Newer" }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(page.locator("table tbody tr").first()).toHaveText(firstRow!);
  await checkPage(page, testInfo, "scans-filtered");
});

test("quick filters, an unknown pattern named, and the filters folded away on a phone", async ({ page }) => {
  await page.goto("/scans");
  await page.getByRole("link", { name: "Strong setups this week" }).click();
  await expect(page).toHaveURL(/minScore=8/);
  await expect(page).toHaveURL(/since=\d{4}-\d{2}-\d{2}/);
  for (const score of await page.locator("table tbody tr td:nth-child(4)").allInnerTexts())
    expect(Number(score)).toBeGreaterThanOrEqual(8);
  await page.goto("/scans?pattern=FOO");
  await expect(page.getByText('No scan has the pattern "FOO"')).toBeVisible();
  await expect(page.getByRole("link", { name: "Cup with handle" })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/scans");
  await expect(page.getByLabel("Pattern")).toBeHidden();
  const firstRow = await page.locator("table tbody tr").first().boundingBox();
  expect(firstRow!.y).toBeLessThan(800); // results on the first screen
  await page.getByText("Filters", { exact: true }).click();
  await expect(page.getByLabel("Pattern")).toBeVisible();
});

test("a scan row leads to its ticker's page: chart, patterns, scans, alerts, and Watch / Remove in place", async ({
  page,
}, testInfo) => {
  await page.goto("/scans");
  const link = page.locator("table tbody tr").first().locator("a[data-ticker]");
  const symbol = (await link.getAttribute("data-ticker"))!;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/tickers/${symbol}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(symbol);
  await expect(page.getByTestId("ticker-chart").locator(".recharts-line-curve").first()).toBeVisible();
  expect(await page.getByTestId("ticker-patterns").locator("tbody tr").count()).toBeGreaterThan(0);
  const state = page.getByTestId("watch-state");
  if ((await state.innerText()).startsWith("Watching")) {
    await page.getByRole("button", { name: `Remove ${symbol}` }).click();
    await expect(state).toHaveText("Not on your watchlist.");
  }
  await page.getByRole("button", { name: `Watch ${symbol}` }).click();
  await expect(state).toContainText("Watching since");
  await page.goto("/watchlists");
  await expect(page.locator("table")).toContainText(symbol);
  await page.goto(`/tickers/${symbol}`);
  await page.getByRole("button", { name: `Remove ${symbol}` }).click();
  await expect(state).toHaveText("Not on your watchlist.");
  await checkPage(page, testInfo, "ticker");
  const unknown = await page.request.get("/tickers/not a ticker");
  expect(unknown.status()).toBeLessThan(500);
  expect(await unknown.text()).toContain("This page could not be found");
});

test("Watch on a scan row adds its ticker in place; the alerts filter by ticker", async ({ page }) => {
  await page.goto("/scans?sort=score");
  const unwatched = page.locator("table tbody tr", { has: page.getByRole("button", { name: /^Watch / }) }).first();
  const symbol = (await unwatched.locator("a[data-ticker]").getAttribute("data-ticker"))!;
  const row = page.locator("table tbody tr", { has: page.locator(`a[data-ticker="${symbol}"]`) }).first();
  await row.getByRole("button", { name: `Watch ${symbol}` }).click();
  await expect(row.getByRole("link", { name: `${symbol} is on your watchlist` })).toBeVisible();
  await page.goto("/watchlists");
  const item = page.locator("tr", { hasText: symbol });
  await item.getByLabel(`Actions for ${symbol}`).click();
  await item.getByRole("button", { name: "Remove…" }).click();
  await item.getByRole("button", { name: `Remove ${symbol}` }).click();
  await expect(page.locator("table")).not.toContainText(symbol);

  await page.goto("/alerts");
  const ticker = await page.locator("table tbody tr a[data-ticker]").first().getAttribute("data-ticker");
  await page.getByLabel("Ticker").fill(ticker!);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`ticker=${ticker}`));
  for (const cell of await page.locator("table tbody tr a[data-ticker]").all())
    await expect(cell).toHaveAttribute("data-ticker", ticker!);
});

test("a ticker filter names the company, and says so for a symbol we do not know", async ({ page }) => {
  await page.goto("/scans?ticker=aapl");
  await expect(page.getByTestId("ticker-line")).toContainText("AAPL · Apple Inc.");
  await page.goto("/scans?ticker=ZZZZ");
  await expect(page.getByText("ZZZZ is not in the ticker list")).toBeVisible();
});

test("sees no operations, and cannot open them", async ({ page }, testInfo) => {
  await page.goto("/scans");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Scans" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Operations" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Insights" })).toHaveCount(0);
  await page.goto("/operations");
  await expect(page).toHaveURL(/\/forbidden/);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await checkPage(page, testInfo, "forbidden");
});

test("a direct request to an operator-only route or action is refused", async ({ page }) => {
  expect((await page.request.get("/api/metrics/series")).status()).toBe(403);
  expect((await page.request.get("/api/metrics")).status()).toBe(403);
  expect((await page.request.get("/api/scans?patternType=VCP&limit=2")).status()).toBe(200); // any signed-in role may read scans
  expect((await page.request.get("/api/jobs/00000000-0000-4000-8000-000000000000")).status()).toBe(403);

  // Replay the operator's "Back up now" server action with the trader's session.
  const captured = JSON.parse(readFileSync(ACTION_CAPTURE, "utf8")) as {
    action: string;
    contentType: string;
    body: string;
  };
  const response = await page.request.post("/scans", {
    headers: { "next-action": captured.action, "content-type": captured.contentType, accept: "text/x-component" },
    data: Buffer.from(captured.body, "base64"),
  });
  const text = await response.text();
  expect(text).toContain("Not allowed: this needs the admin or operator role.");
  expect(text).not.toContain("Backup started");
});

test("own watchlist and alerts", async ({ page }, testInfo) => {
  await page.goto("/watchlists");
  await expect(page.getByRole("heading", { name: "Watchlists" })).toBeVisible();
  const addForm = page.getByRole("form", { name: "Add to watchlist" });
  await expect(addForm.getByLabel("Pattern").locator("option", { hasText: "Cup with handle" })).toHaveCount(1);
  await expect(addForm.getByLabel("Pattern").locator("option", { hasText: "CUP_WITH_HANDLE" })).toHaveCount(0);
  await addForm.getByLabel("Ticker").fill("zzz1");
  await addForm.getByLabel("Target price").fill("12.5");
  await addForm.getByRole("button", { name: "Add to watchlist" }).click();
  await expect(addForm.getByRole("status")).toContainText(
    "ZZZ1 added to your watchlist, but it is not in the ticker list",
  );
  await expect(page.locator("table")).toContainText("ZZZ1");
  const row = page.locator("tr", { hasText: "ZZZ1" });
  await row.getByLabel("Actions for ZZZ1").click();
  await row.getByRole("button", { name: "Mark triggered" }).click();
  await expect(row.locator("details")).not.toHaveAttribute("open"); // the menu closes once its action is done
  await row.getByLabel("Actions for ZZZ1").click();
  await row.getByRole("button", { name: "Remove…" }).click();
  await row.getByRole("button", { name: "Remove ZZZ1" }).click();
  await expect(page.locator("table")).not.toContainText("ZZZ1");
  await checkPage(page, testInfo, "watchlists");

  await page.goto("/alerts");
  await expect(page.getByTestId("result-count")).toContainText("alerts");
  // Only the trader's own alerts: no column repeating their e-mail on every row.
  await expect(page.locator("table thead")).not.toContainText("User");
  await checkPage(page, testInfo, "alerts");
});
