import { expect, test } from "@playwright/test";

test("the home page loads and reports the database healthy", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "LegendAI Admin" })).toBeVisible();
  await expect(page.getByTestId("health-status")).toHaveText("healthy");
  await page.screenshot({ path: testInfo.outputPath("home.png"), fullPage: true });
});
