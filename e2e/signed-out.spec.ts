import { expect, test } from "@playwright/test";
import { checkPage, USERS } from "./helpers";

const PAGES = [
  "/",
  "/checklist",
  "/scans",
  "/watchlists",
  "/alerts",
  "/operations",
  "/insights",
  "/users",
  "/audit",
  "/tickers/NVDA",
  "/forbidden",
];

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

test("every answer carries the security headers", async ({ request }) => {
  for (const path of ["/login", "/api/health", "/scans"]) {
    const headers = (await request.get(path, { maxRedirects: 0 })).headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).toContain("default-src 'self'");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
  }
});

test.describe("after signing in, only this site", () => {
  // Its own client address, so that these sign-ins count against nobody else's.
  test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.20" } });
  for (const callbackUrl of [
    "%2F%5Cevil.example",
    "%2F%09%2Fevil.example",
    "%2F%0A%2Fevil.example",
    "%2F%2Fevil.example",
  ]) {
    test(`callbackUrl=${callbackUrl} stays here`, async ({ page, baseURL }) => {
      await page.goto(`/login?callbackUrl=${callbackUrl}`);
      await page.getByLabel("Email").fill(USERS.trader.email);
      await page.getByLabel("Password").fill(USERS.trader.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/login"));
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    });
  }

  test("an odd callbackUrl is not a server error", async ({ request }) => {
    for (const odd of ["http%3A%2F%2F%5B%3A%3A1", "http%3A%2F%2Fa%20b%2F", "%2F%5Cevil.example"]) {
      expect((await request.get(`/api/auth/signin?callbackUrl=${odd}`, { maxRedirects: 0 })).status()).toBeLessThan(
        500,
      );
      expect((await request.get(`/login?callbackUrl=${odd}`)).status()).toBe(200);
    }
  });
});

test.describe("sign-in throttling", () => {
  test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.30" } });
  test("five wrong passwords lock the account from that address; the right one is then refused, with the reason", async ({
    page,
  }) => {
    await page.goto("/login");
    for (let i = 1; i <= 5; i++) {
      await page.getByLabel("Email").fill("trader3@legendai.local");
      await page.getByLabel("Password").fill(`wrong guess ${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.locator("form").getByRole("alert")).toContainText("Wrong email or password");
    }
    await page.getByLabel("Password").fill(USERS.trader.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toContainText(
      "Too many failed sign-ins for this account from this address: try again in 15 minutes",
    );
    await expect(page).toHaveURL(/\/login/);
  });
});
