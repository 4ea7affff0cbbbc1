// Sessions end, for real browsers against the production server: signing out
// ends the session (its cookie, replayed, no longer works); an admin sees
// every signed-in browser on /users and ends one; a password reset signs the
// user out everywhere. Uses trader5 and trader6, whom no other test signs in.
import { expect, test, type Browser } from "@playwright/test";

const PASSWORD = "trader-demo-pass";

async function signedIn(browser: Browser, email: string, password = PASSWORD) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/scans/);
  return { context, page };
}

test("signing out ends the session: the same cookie, replayed, is signed out", async ({ browser }) => {
  const { context, page } = await signedIn(browser, "trader5@legendai.local");
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(["next-auth.session-token", "legendai-device"]));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await context.close();

  const replay = await browser.newContext({ storageState: { cookies, origins: [] } });
  const again = await replay.newPage();
  expect(await (await again.request.get("/api/auth/session")).json()).toEqual({});
  await again.goto("/scans");
  await expect(again).toHaveURL(/\/login/);
  await replay.close();
});

test("/users lists each signed-in browser; an admin ends one, and a password reset ends the rest", async ({
  page,
  browser,
}) => {
  const email = "trader6@legendai.local";
  const first = await signedIn(browser, email);
  const second = await signedIn(browser, email);
  await page.goto("/users");
  const rows = page.getByTestId(`session-${email}`);
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("127.0.0.1");
  await expect(rows.first()).toContainText(/Chrom(e|ium) \d+ on Linux/);

  await rows.first().getByRole("button", { name: "End", exact: true }).click();
  await expect(rows).toHaveCount(1);
  const ended = [first, second];
  const results = await Promise.all(
    ended.map(async ({ page: p }) => {
      await p.goto("/scans");
      return new URL(p.url()).pathname;
    }),
  );
  expect(results.sort()).toEqual(["/login", "/scans"]);

  const row = page.getByTestId("users").locator("tr", { hasText: email });
  await row.getByLabel(`Manage ${email}`).click();
  await row.getByLabel(`New password for ${email}`).fill(PASSWORD); // the same one: still a reset
  await row.getByRole("button", { name: "Reset password" }).click();
  await expect(row.getByRole("status")).toContainText("Password reset");
  for (const { page: p } of ended) {
    await p.goto("/watchlists");
    await expect(p).toHaveURL(/\/login/);
  }
  await expect(page.getByTestId(`session-${email}`)).toHaveCount(0);
  await first.context.close();
  await second.context.close();
});
