// A bad DELETE, undone from the dashboard: on an app of its own over a
// private cluster with archiving to pgBackRest (an encrypted repository), an
// operator brings pattern_scans back as it was the second before the DELETE,
// reads what differs, and inserts the missing rows after typing "insert".
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { axeProblems, startAppInstance, USERS, type AppInstance } from "./helpers";
import { pitrFixture, type PitrFixture } from "@/test/pitr-fixture";
import { query } from "@/test/sql";

test.describe.configure({ mode: "serial", timeout: 180_000 });

let fx: PitrFixture;
let app: AppInstance;
const count = async (sql: string) => Number((await query<{ n: string }>(fx.url, sql))[0].n);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.beforeAll(async () => {
  test.setTimeout(240_000);
  fx = await pitrFixture("e2e", { seed: "demo", scans: 3_000 });
  const settings = Object.entries(fx.config).filter(([name, value]) => value !== undefined && /^PITR_/.test(name));
  app = await startAppInstance({
    DATABASE_URL: fx.url,
    BACKUP_DIR: fx.config.BACKUP_DIR,
    REDIS_KEY_PREFIX: `e2e-pitr-${randomBytes(3).toString("hex")}:`, // its own database: its own cached results
    ...Object.fromEntries(settings.map(([name, value]) => [name, String(value)])),
  });
});
test.afterAll(() => {
  app?.kill();
  fx?.cleanup();
});

async function signInAsOperator(page: Page) {
  await page.goto(app.url("/login"));
  await page.getByLabel("Email").fill(USERS.operator.email);
  await page.getByLabel("Password").fill(USERS.operator.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

test("deleted rows are brought back as they were at the chosen second, then inserted on confirmation", async ({
  browser,
}) => {
  const page = await (await browser.newContext({ storageState: undefined })).newPage();
  await signInAsOperator(page);
  await pause(1_100); // past the second the setup's backup stopped in
  const [{ at }] = await query<{ at: string }>(
    fx.url,
    "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') AS at",
  );
  const vcp = await count("SELECT count(*) AS n FROM pattern_scans WHERE pattern_type = 'VCP'");
  expect(vcp).toBeGreaterThan(0);
  await pause(1_100);
  await query(fx.url, "DELETE FROM pattern_scans WHERE pattern_type = 'VCP'"); // the bad DELETE
  await fx.archived();

  await page.goto(app.url("/operations"));
  await expect(page.getByTestId("pitr-status")).toContainText("any second from");
  const form = page.getByRole("form", { name: "Bring back a table" });
  await form.getByLabel("Table").selectOption("pattern_scans");
  await form.getByLabel("As it was at (UTC)").fill(at);
  await form.getByRole("button", { name: "Bring back as it was" }).click();
  const job = page.getByTestId("job-progress");
  await expect(job).toHaveAttribute("data-status", "succeeded", { timeout: 150_000 });
  await expect(job).toContainText(`${vcp} only in the recovered copy (gone from live)`);
  expect(await count("SELECT count(*) AS n FROM pattern_scans WHERE pattern_type = 'VCP'")).toBe(0); // live untouched

  await page.reload(); // the recovered copy is listed; the cards pass axe in both themes
  expect(await axeProblems(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await axeProblems(page)).toEqual([]);
  const copies = page.getByTestId("recovered-tables");
  await expect(copies).toContainText(`recovered.pattern_scans_${at.replace(/[-:]/g, "").replace("T", "_")}`);
  await copies.getByRole("button", { name: "Insert missing rows…" }).first().click();
  const confirm = page.getByRole("form", { name: "Confirm inserting recovered rows" });
  await confirm.getByLabel(/Type insert to confirm/).fill("insert");
  await confirm.getByRole("button", { name: "Insert the missing rows" }).click();
  await expect(page.getByTestId("job-progress")).toContainText(`${vcp} row(s) from`, { timeout: 30_000 });
  expect(await count("SELECT count(*) AS n FROM pattern_scans WHERE pattern_type = 'VCP'")).toBe(vcp);
});

test("the PITR drill recovers to a logical backup's snapshot from the dashboard and matches its manifest", async ({
  browser,
}) => {
  const page = await (await browser.newContext({ storageState: undefined })).newPage();
  await signInAsOperator(page);
  await page.goto(app.url("/operations"));
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page.getByTestId("job-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await fx.archived();
  await page.reload(); // one job followed on the page: the drill's
  await page.getByRole("button", { name: "Run PITR drill" }).click();
  const job = page.getByTestId("job-progress");
  await expect(job).toContainText("PITR drill", { timeout: 10_000 });
  await expect(job).toHaveAttribute("data-status", "succeeded", { timeout: 150_000 });
  await expect(job).toContainText(/tables matched its manifest/);
  await page.goto(app.url("/"));
  await expect(page.getByTestId("recovery-scorecard")).toContainText("Point-in-time recovery takes");
});
