import { expect, test } from "@playwright/test";
import { checkPage, USERS } from "./helpers";

const PAGES = ["/", "/scans", "/watchlists", "/alerts", "/operations", "/insights", "/users", "/audit", "/forbidden"];

test("signed-out visitors are sent to /login from every page", async ({ page }) => {
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page, `from ${path}`).toHaveURL(
      new RegExp(`/login\\?callbackUrl=${encodeURIComponent(path).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
  }
});

test("signed-out API calls are refused, not redirected", async ({ request }) => {
  expect((await request.get("/api/metrics/series")).status()).toBe(401);
  expect((await request.get("/api/jobs/00000000-0000-4000-8000-000000000000")).status()).toBe(401);
  expect((await request.get("/api/scans?limit=1")).status()).toBe(401);
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("the sign-in page", async ({ page }, testInfo) => {
  await page.goto("/login?callbackUrl=%2Fscans");
  await expect(page.getByRole("heading", { name: "LegendAI Admin" })).toBeVisible();
  await checkPage(page, testInfo, "login");
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(USERS.trader.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("Wrong email or password");
  await expect(page).toHaveURL(/\/login/);
});
