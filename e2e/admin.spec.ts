// An admin sees live charts with real data, filled insights, users, and the
// audit trail of the operator's and trader's actions.
import { expect, test } from "@playwright/test";
import { checkPage } from "./helpers";

test("the overview's charts draw real data points", async ({ page }, testInfo) => {
  // Give the metrics something to show: a few cached reads.
  for (const path of ["/scans", "/scans?pattern=VCP", "/alerts", "/scans"]) await page.goto(path);
  await page.goto("/");
  await expect(page.getByTestId("health")).toContainText("PostgreSQL");
  // Samples arrive every 5 s and latency per closed 10-second bucket; the charts refresh live.
  for (const chart of ["pool-chart", "latency-chart", "cache-chart"]) {
    await expect(page.getByTestId(chart)).toHaveAttribute("data-empty", "false", { timeout: 45_000 });
    await expect(page.getByTestId(chart).locator(".recharts-line-dot, .recharts-dot").first()).toBeVisible();
  }
  await expect(page.getByTestId("pool-chart")).toContainText("checked out");
  await checkPage(page, testInfo, "overview");
});

test("insights tables are filled and EXPLAIN ANALYZE runs", async ({ page }, testInfo) => {
  await page.goto("/insights");
  expect(await page.getByTestId("index-usage").locator("tbody tr").count()).toBeGreaterThan(10);
  await expect(page.getByTestId("table-sizes")).toContainText("pattern_scans");
  expect(await page.getByTestId("connections").locator("tbody tr").count()).toBeGreaterThan(0);
  await page.locator('select[name="query"]').selectOption({ label: "A user's alerts" });
  await page.getByRole("button", { name: "Run EXPLAIN ANALYZE" }).click();
  await expect(page.getByTestId("explain-plan")).toContainText("ix_alert_logs_user_sent_at");
  await expect(page.getByTestId("explain-plan")).toContainText("Execution Time");
  await checkPage(page, testInfo, "insights");
});

test("the audit log has the operator's operations and the trader's refused attempt", async ({ page }, testInfo) => {
  await page.goto("/audit?actor=operator");
  const audit = page.getByTestId("audit");
  await expect(audit.locator("tr", { hasText: /^.*backup.*ok/ }).first()).toBeVisible();
  await expect(audit).toContainText("restore");
  await expect(audit).toContainText("backup:finished");
  await page.goto("/audit?outcome=denied");
  await expect(page.getByTestId("audit").locator("tr", { hasText: "trader@legendai.local" }).first()).toContainText("backup");
  await checkPage(page, testInfo, "audit");
});

test("users are listed with their roles", async ({ page }, testInfo) => {
  await page.goto("/users");
  await expect(page.getByTestId("users")).toContainText("operator@legendai.local");
  expect(await page.getByTestId("users").locator("tbody tr").count()).toBeGreaterThanOrEqual(8);
  await checkPage(page, testInfo, "users");
});
