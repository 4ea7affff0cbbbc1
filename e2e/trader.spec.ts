// A trader filters scans (the filter survives a reload), sees no operations,
// and is refused when calling an operator-only action or route directly.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ACTION_CAPTURE, checkPage } from "./helpers";

test("filters scans by pattern and score; the URL keeps the filter across a reload", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/scans$/); // traders start at their scans
  await page.getByLabel("Pattern").selectOption("VCP");
  await page.getByLabel("Minimum score").fill("7");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/pattern=VCP/);
  await expect(page).toHaveURL(/minScore=7/);

  const check = async () => {
    await expect(page.getByTestId("result-count")).toContainText(/scans? found/);
    const rows = page.locator("table tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      await expect(row.locator("td").nth(2)).toHaveText("VCP");
      expect(Number(await row.locator("td").nth(3).innerText())).toBeGreaterThanOrEqual(7);
    }
  };
  await check();
  await page.reload();
  await expect(page).toHaveURL(/pattern=VCP&minScore=7|minScore=7.*pattern=VCP/);
  await expect(page.getByLabel("Pattern")).toHaveValue("VCP");
  await check();
  const firstRow = await page.locator("table tbody tr").first().textContent();
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await check();
  await page.getByRole("link", { name: "← Newer" }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(page.locator("table tbody tr").first()).toHaveText(firstRow!);
  await checkPage(page, testInfo, "scans-filtered");
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
  await addForm.getByLabel("Ticker").fill("zzz1");
  await addForm.getByLabel("Target price").fill("12.5");
  await addForm.getByRole("button", { name: "Add to watchlist" }).click();
  await expect(addForm.getByRole("status")).toContainText("ZZZ1 added to your watchlist");
  await expect(page.locator("table")).toContainText("ZZZ1");
  const row = page.locator("tr", { hasText: "ZZZ1" });
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
