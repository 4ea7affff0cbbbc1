// An admin sees live charts with real data, filled insights, users, and the
// audit trail of the operator's and trader's actions.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { checkPage } from "./helpers";

test("the overview's charts draw real data points", async ({ page }, testInfo) => {
  // Give the metrics something to show: a few cached reads.
  for (const path of ["/scans", "/scans?pattern=VCP", "/alerts", "/scans"]) await page.goto(path);
  await page.goto("/");
  await expect(page.getByTestId("health")).toContainText("PostgreSQL");
  // Samples arrive every 5 s and latency per closed 10-second bucket; the charts refresh live.
  for (const chart of ["pool-chart", "latency-chart", "cache-chart"]) {
    await expect(page.getByTestId(chart)).toHaveAttribute("data-empty", "false", { timeout: 45_000 });
    // A line with no dot on every point.
    await expect(page.getByTestId(chart).locator(".recharts-line-curve").first()).toHaveAttribute("d", /^M[^CL]+[CL]/);
    await expect(page.getByTestId(chart).locator(".recharts-line-dot, .recharts-dot")).toHaveCount(0);
  }
  // No two series share a colour.
  const strokes = await page
    .getByTestId("latency-chart")
    .locator(".recharts-line-curve")
    .evaluateAll((paths) => paths.map((p) => p.getAttribute("stroke")));
  expect(new Set(strokes).size).toBe(strokes.length);
  // In the dark theme the tooltip is dark, its text light.
  await page.emulateMedia({ colorScheme: "dark" });
  const latency = page.getByTestId("latency-chart");
  const box = (await latency.boundingBox())!;
  await latency.hover({ position: { x: box.width * 0.8, y: box.height / 3 } }); // scrolls it into view first
  const tooltip = page.getByTestId("latency-chart").locator(".recharts-default-tooltip");
  await expect(tooltip).toBeVisible();
  const colours = await tooltip.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
  const lightness = (rgb: string) => {
    const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
    return (r + g + b) / 3;
  };
  expect(lightness(colours[0])).toBeLessThan(80);
  expect(lightness(colours[1])).toBeGreaterThan(170);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.getByTestId("pool-chart")).toContainText("checked out");
  await expect(page.getByTestId("instances").locator("tbody tr")).toHaveCount(1); // this next start, heard from
  await checkPage(page, testInfo, "overview");
});

test("insights tables are filled and EXPLAIN ANALYZE runs", async ({ page }, testInfo) => {
  await page.goto("/insights");
  expect(await page.getByTestId("index-usage").locator("tbody tr").count()).toBeGreaterThan(10);
  await expect(page.getByTestId("table-sizes")).toContainText("pattern_scans");
  expect(await page.getByTestId("connections").locator("tbody tr").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("table-sizes")).toContainText("≈"); // the planner's estimate for the big tables, said so
  const picker = page.locator('select[name="query"]');
  await picker.selectOption({ label: "A user's alerts" });
  await page.getByRole("button", { name: "Run EXPLAIN ANALYZE" }).click();
  await expect(page.getByTestId("explain-plan")).toContainText("ix_alert_logs_user_sent_at");
  await expect(page.getByTestId("explain-plan")).toContainText("Execution Time");
  await expect(picker.locator("option:checked")).toHaveText("A user's alerts"); // still the query just run
  await checkPage(page, testInfo, "insights");
});

test("Waits: a lock pile-up shows as lock waits on watchlists, with the waiting statement; a bucket selects its span", async ({
  page,
}, testInfo) => {
  const connect = async (name: string) => {
    // eslint-disable-next-line no-restricted-properties -- the e2e run's database
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: name });
    await client.connect();
    return client;
  };
  const holder = await connect("e2e-lock-holder");
  const waiters = [await connect("e2e-waiter"), await connect("e2e-waiter")];
  try {
    await holder.query("BEGIN; LOCK TABLE watchlists IN ACCESS EXCLUSIVE MODE");
    const waiting = waiters.map((w) => w.query("SELECT count(*) FROM watchlists WHERE ticker = 'E2E'").catch(() => {}));
    // sampled every second, written every 10 s
    await expect(async () => {
      await page.goto("/insights?tab=waits&range=1h");
      await expect(page.getByTestId("top-waits")).toContainText("watchlists", { timeout: 1_000 });
    }).toPass({ timeout: 40_000 });
    await holder.query("ROLLBACK");
    await Promise.all(waiting);
  } finally {
    for (const c of [holder, ...waiters]) await c.end().catch(() => {});
  }
  const lockRow = page.getByTestId("top-waits").locator("tr", { hasText: "watchlists" });
  await expect(lockRow).toContainText("Lock");
  await expect(lockRow).toContainText("relation");
  await expect(page.getByTestId("top-wait-queries")).toContainText("SELECT count(*) FROM watchlists WHERE ticker = ?");
  await expect(page.getByTestId("wait-chart")).toHaveAttribute("data-classes", /Lock/);
  await expect(page.getByTestId("wait-chart").locator(".recharts-area").first()).toBeVisible();
  await checkPage(page, testInfo, "insights-waits");
  const chart = await page.getByTestId("wait-chart").boundingBox();
  await page.mouse.click(chart!.x + chart!.width * 0.97, chart!.y + chart!.height / 2);
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  await expect(page.getByTestId("wait-span")).toHaveAttribute("data-selected", "true");
  await expect(page.getByTestId("wait-chart").locator(".wait-selection")).toBeVisible(); // the span, shaded
});

test("Plans: the app's query families with their plans, the tree, and EXPLAIN ANALYZE rolled back", async ({
  page,
}, testInfo) => {
  await page.goto("/scans?ticker=NVDA"); // a family the trader's pages use, run once more
  await page.goto("/insights?tab=plans");
  const families = page.getByTestId("plan-families");
  await expect(families).toContainText("PatternScan.findMany");
  await families
    .getByRole("link", { name: /PatternScan\.findMany by ticker/ })
    .first()
    .click();
  await expect(page.getByTestId("plan-now")).toContainText("pattern_scans");
  await expect(page.getByTestId("plan-history").locator("tbody tr")).not.toHaveCount(0);
  await expect(page.getByTestId("analyze-sql")).toContainText("pattern_scans");
  await page.getByRole("button", { name: "Run EXPLAIN ANALYZE" }).click();
  await expect(page.getByTestId("analyzed-plan")).toContainText("actual");
  await expect(page.getByRole("status").filter({ hasText: "read-only" })).toBeVisible();
  await checkPage(page, testInfo, "insights-plans");
});

test("the checklist lists every check, problems first, each with its fix; the overview's first card counts them", async ({
  page,
}, testInfo) => {
  await page.goto("/checklist");
  const rows = page.getByTestId("checklist").locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(20);
  await expect(page.getByTestId("checklist")).toContainText("A trigger is disabled");
  await expect(page.getByTestId("checklist-summary")).toContainText(/\d+ problem\(s\)/);
  await checkPage(page, testInfo, "checklist");
  await page.goto("/");
  await expect(page.getByTestId("checklist-card")).toContainText(/\d+ ok/);
});

test("the audit log has the operator's operations and the trader's refused attempt", async ({ page }, testInfo) => {
  await page.goto("/audit?actor=operator");
  const audit = page.getByTestId("audit");
  await expect(audit.locator("tr", { hasText: /^.*backup.*ok/ }).first()).toBeVisible();
  await expect(audit).toContainText("restore");
  await expect(audit).toContainText("backup:finished");
  // "backup" finds the whole family, and a finished backup names its file, not a job id.
  await page.goto("/audit?action=backup");
  const actions = await page.getByTestId("audit").locator("tbody tr td:nth-child(3)").allInnerTexts();
  expect(actions).toContain("backup");
  expect(actions).toContain("backup:finished");
  for (const action of actions) expect(action).toContain("backup");
  await expect(
    page.getByTestId("audit").locator("tr", { hasText: "backup:finished" }).filter({ hasText: "ok" }).first(),
  ).toContainText(/legendai_db_\d{8}_\d{6}\.sql\.gz/);
  await page.goto("/audit?outcome=denied");
  await expect(page.getByTestId("audit").locator("tr", { hasText: "trader@legendai.local" }).first()).toContainText(
    "backup",
  );
  await checkPage(page, testInfo, "audit");
});

test("users are listed with their roles", async ({ page }, testInfo) => {
  await page.goto("/users");
  await expect(page.getByTestId("users")).toContainText("operator@legendai.local");
  expect(await page.getByTestId("users").locator("tbody tr").count()).toBeGreaterThanOrEqual(8);
  await checkPage(page, testInfo, "users");
  // Found by part of an e-mail or name, and by role: a page of 50 at most, however many users there are.
  const filters = page.getByRole("search", { name: "Filter users" });
  await filters.getByLabel("E-mail or name").fill("Trader");
  await filters.getByLabel("Role").selectOption("operator");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("users-count")).toHaveText("0 of 0 users, by e-mail");
  await filters.getByLabel("Role").selectOption("trader");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("users-count")).toContainText(/^1–\d+ of \d+ users, by e-mail$/);
  await expect(page.getByTestId("users")).not.toContainText("operator@legendai.local");
  await expect(page.getByTestId("users")).toContainText("trader@legendai.local");
});

test("alerts and watchlists are narrowed to one user by e-mail, not a menu of everyone", async ({ page }) => {
  await page.goto("/alerts");
  await page.getByLabel("User").fill("trader2@legendai.local");
  await page.getByRole("button", { name: "Apply filters" }).click();
  const table = page.getByRole("table", { name: "Alerts, newest first" });
  await expect(table).toBeVisible();
  const recipients = await table.locator("tbody tr td:nth-child(6)").allTextContents();
  expect(recipients.length).toBeGreaterThan(0);
  expect(new Set(recipients)).toEqual(new Set(["trader2@legendai.local"]));
  await page.goto("/alerts?user=nobody%40legendai.local");
  await expect(page.getByText("No user has the e-mail or id “nobody@legendai.local”")).toBeVisible();
  await page.goto("/watchlists");
  await page.getByLabel("Whose list").fill("trader3@legendai.local");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("Mia Trader's watchlist (read only).")).toBeVisible();
});

test("an admin creates a user who can sign in; once disabled, their session ends", async ({ page, browser }) => {
  const email = `new-trader-${Date.now()}@legendai.local`;
  await page.goto("/users");
  const form = page.getByRole("form", { name: "Create a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Nia New");
  await form.getByLabel("Password").fill("short");
  // Too short: the browser stops it before the server does (the server checks again: users.test.ts).
  expect(await form.getByLabel("Password").evaluate((el) => (el as HTMLInputElement).validity.valid)).toBe(false);
  await form.getByLabel("Password").fill("a-long-enough-password");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("status")).toContainText(`${email} can now sign in as trader`);

  const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const newUser = await other.newPage();
  await newUser.goto("/login");
  await newUser.getByLabel("Email").fill(email);
  await newUser.getByLabel("Password").fill("a-long-enough-password");
  await newUser.getByRole("button", { name: "Sign in" }).click();
  await expect(newUser).toHaveURL(/\/scans/);

  const row = page.getByTestId("users").locator("tr", { hasText: email });
  await row.getByLabel(`Manage ${email}`).click();
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByRole("status")).toContainText("Account disabled");
  await newUser.reload();
  await expect(newUser).toHaveURL(/\/login/);
  await other.close();
});

test("a locked account shows on /users, and the admin unlocks it", async ({ page, browser, baseURL }) => {
  // Signed-out visitors of their own, each from its own address (the e2e server trusts one proxy hop).
  const visitor = async (address: string) => {
    const context = await browser.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { "x-forwarded-for": address },
    });
    const login = await context.newPage();
    await login.goto("/login");
    const signIn = async (password: string) => {
      await login.getByLabel("Email").fill("trader4@legendai.local");
      await login.getByLabel("Password").fill(password);
      await login.getByRole("button", { name: "Sign in" }).click();
    };
    return { login, signIn, close: () => context.close() };
  };
  const guesser = await visitor("198.51.100.40");
  for (let i = 1; i <= 5; i++) {
    await guesser.signIn(`wrong ${i}`);
    await expect(guesser.login.locator("form").getByRole("alert")).toContainText("Wrong email or password");
  }
  await guesser.close();
  await page.goto("/users");
  await expect(page.getByTestId("locked-trader4@legendai.local")).toContainText(/locked until \d\d:\d\d:\d\d UTC/);
  await page.getByRole("button", { name: "Unlock trader4@legendai.local" }).click();
  await expect(page.getByTestId("locked-trader4@legendai.local")).toHaveCount(0);
  const owner = await visitor("198.51.100.40"); // the very address that was locked
  await owner.signIn("trader-demo-pass");
  await owner.login.waitForURL((url) => !url.pathname.startsWith("/login"));
  await owner.close();
  await page.goto("/audit?action=user%3Aunlock");
  await expect(page.getByTestId("audit")).toContainText("trader4@legendai.local");
});
