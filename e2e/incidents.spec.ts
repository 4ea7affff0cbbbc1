// Incidents reach people: an instance of its own, evaluating every 2 s, sends to a
// webhook receiver and an SMTP sink started here exactly one "firing" when a
// backup into an unwritable BACKUP_DIR fails, and one "resolved" when a later
// backup succeeds. And a cancel from the live-queries view ends a pg_sleep
// statement and is audited. Screenshots of the Insights sections and the
// incidents list.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { startIncidentSinks, type IncidentSinks } from "../test/incident-sinks";
import { checkPage, startAppInstance, type AppInstance } from "./helpers";

test.describe.configure({ mode: "serial" });

let sinks: IncidentSinks;
let instance: AppInstance;
let root: string;
/** BACKUP_DIR: a file at first (no backup can be written there, not even by root), a folder later. */
let backupDir: string;

test.beforeAll(async () => {
  sinks = await startIncidentSinks();
  root = mkdtempSync(path.join(tmpdir(), "legendai-e2e-alerts-"));
  backupDir = path.join(root, "backups");
  writeFileSync(backupDir, "not a folder");
  instance = await startAppInstance({
    BACKUP_DIR: backupDir,
    ALERT_WEBHOOK_URL: sinks.webhookUrl,
    SMTP_URL: sinks.smtpUrl,
    ALERT_EMAIL_TO: "oncall@legendai.test",
    ALERT_EVALUATE_EVERY_S: "2",
  });
});

test.afterAll(async () => {
  instance?.kill();
  await sinks?.close();
  rmSync(root, { recursive: true, force: true });
});

const backupMessages = () => sinks.webhooks.filter((w) => w.rule === "operation_failed" && w.subject === "backup");
const backupMails = (status: string) =>
  sinks.emails.filter((m) => m.includes(`Subject: [${status}] A backup, upload or drill failed (backup)`));

test("a failed backup sends one firing alert by webhook and e-mail; a later good backup one resolved", async ({
  page,
}, testInfo) => {
  await page.goto(instance.url("/operations"));
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "is not a folder: no backup can be written there" }),
  ).toBeVisible();
  await expect.poll(() => backupMessages().map((w) => w.status), { timeout: 30_000 }).toEqual(["firing"]);
  expect(backupMessages()[0].text).toMatch(
    /^\[FIRING\] A backup, upload or drill failed \(backup\): the last backup failed/,
  );
  await expect.poll(() => backupMails("FIRING").length, { timeout: 10_000 }).toBe(1);

  await page.goto(instance.url("/incidents"));
  await expect(page.getByTestId("incidents")).toContainText("A backup, upload or drill failed");
  await checkPage(page, testInfo, "incidents-firing");

  rmSync(backupDir);
  mkdirSync(backupDir);
  await page.goto(instance.url("/operations"));
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page.getByTestId("job-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect.poll(() => backupMessages().map((w) => w.status), { timeout: 30_000 }).toEqual(["firing", "resolved"]);
  await expect.poll(() => backupMails("RESOLVED").length, { timeout: 10_000 }).toBe(1);
  // Later evaluations send nothing more for it.
  await page.waitForTimeout(5_000);
  expect(backupMessages()).toHaveLength(2);
  expect(backupMails("FIRING")).toHaveLength(1);

  await page.goto(instance.url("/incidents"));
  await expect(page.getByTestId("incidents").locator("tr", { hasText: "the last backup failed" })).toContainText(
    "resolved",
  );
  await checkPage(page, testInfo, "incidents");
});

test("cancel from the live-queries view ends a pg_sleep statement, and the audit log says who", async ({
  page,
}, testInfo) => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: "e2e-slow-report" }); // eslint-disable-line no-restricted-properties -- the e2e run's database
  await client.connect();
  const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
  const sleeping = client.query("SELECT pg_sleep(120)").then(
    () => "finished",
    (error: Error) => error.message,
  );
  try {
    await page.goto("/insights?tab=activity");
    const row = page.getByTestId("live-queries").locator("tr", { hasText: "e2e-slow-report" });
    await expect(row).toContainText("pg_sleep(120)");
    await checkPage(page, testInfo, "insights-activity");
    await row.getByText("End…").click();
    await row.getByLabel(`Type ${pid} to confirm`).fill(String(pid));
    await row.getByRole("button", { name: `End session ${pid}` }).click();
    expect(await sleeping).toMatch(/canceling statement due to user request/);
    await expect(row.getByRole("status")).toContainText(`Cancelled the statement of session ${pid} (e2e-slow-report)`);
    // The view is live: once the admin closes the menu, the session (idle now) leaves the list on its own.
    await row.getByText("End…").click();
    await expect(row).toHaveCount(0, { timeout: 12_000 });
  } finally {
    await client.end();
  }
  await page.goto("/audit");
  await expect(page.getByTestId("audit").locator("tr", { hasText: "session:end" }).first()).toContainText(
    "admin@legendai.local",
  );
});

for (const tab of ["statistics", "maintenance", "checks", "statements"]) {
  test(`the Insights ${tab} section`, async ({ page }, testInfo) => {
    await page.goto(`/insights?tab=${tab}`);
    await expect(page.getByRole("link", { name: new RegExp(`^${tab}$`, "i") })).toHaveAttribute("aria-current", "page");
    await checkPage(page, testInfo, `insights-${tab}`);
    if (tab === "statements") {
      // hypopg is not created in the e2e database: the advisor says how to enable it.
      await page.getByRole("link", { name: "Run the index advisor" }).click();
      await expect(page.getByRole("status").filter({ hasText: "CREATE EXTENSION hypopg;" })).toBeVisible();
    }
  });
}
