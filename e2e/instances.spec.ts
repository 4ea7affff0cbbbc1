// Two more app instances on other ports (same Postgres and Redis, each its own
// BACKUP_DIR, one S3 bucket in s3rver): a backup started on A is followed on
// B, listed in B's catalog and restored by B; a job on an instance killed with
// SIGKILL shows as failed on the other; the overview lists the instances.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn, startAppInstance, type AppInstance } from "./helpers";
import { startS3Server, type S3Server } from "@/test/s3-server";

test.describe.configure({ mode: "serial" });

const BUCKET = "legendai-e2e";
let s3: S3Server;
const instances: (AppInstance & { dir: string })[] = [];
const urlOf = (i: number, pathname: string) => `http://127.0.0.1:${instances[i].port}${pathname}`;

async function startInstance() {
  const dir = mkdtempSync(path.join(tmpdir(), "legendai-e2e-instance-"));
  const instance = await startAppInstance({
    BACKUP_DIR: dir,
    ...s3.env,
  });
  instances.push({ ...instance, dir });
}

test.beforeAll(async () => {
  s3 = await startS3Server(BUCKET);
  await startInstance();
  await startInstance();
});

test.afterAll(async () => {
  for (const { kill, dir } of instances) {
    kill(); // (one is already gone: the SIGKILL test)
    rmSync(dir, { recursive: true, force: true });
  }
  await s3.close();
});

test("a backup started on A is followed on B, listed in B's catalog, and restored by B", async ({ page }) => {
  await page.goto(urlOf(0, "/operations"));
  await page.getByRole("button", { name: "Back up now" }).click();
  const job = page.getByTestId("job-progress");
  await expect(job).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const file = /legendai_db_\d{8}_\d{6}\.sql\.gz/.exec((await job.textContent()) ?? "")![0];

  await page.goto(urlOf(1, "/operations"));
  await expect(page.getByTestId("jobs")).toContainText("succeeded");
  await expect(page.getByTestId("backup-catalog")).toContainText(file);
  await expect(page.getByTestId("backup-catalog").locator("tr", { hasText: file })).toContainText("S3 only");

  await page.getByRole("button", { name: "Restore latest…" }).click();
  const confirm = page.getByRole("form", { name: "Confirm restore" });
  await expect(confirm).toContainText(file);
  await confirm.getByLabel(/Type restore to confirm/).fill("restore");
  await confirm.getByRole("button", { name: "Restore this backup" }).click();
  await expect(page.getByTestId("job-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
  await expect(page.getByTestId("job-progress")).toContainText(`Restored ${file}`);
});

test("signing out on an instance served on another port than NEXTAUTH_URL's lands on its own sign-in page", async ({
  browser,
}) => {
  // Its own session (signing out ends the session it uses), on instance B, whose NEXTAUTH_URL names the main port.
  const context = await browser.newContext({ storageState: undefined, baseURL: urlOf(1, "") });
  const page = await context.newPage();
  await signIn(page, "trader");
  expect(new URL(page.url()).port).toBe(String(instances[1].port));
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(urlOf(1, "/login"));
  await page.goto(urlOf(1, "/scans"));
  await expect(page).toHaveURL(/\/login/); // signed out for real
  await context.close();
});

test("the overview lists every instance and adds up their pools", async ({ page }) => {
  await page.goto(urlOf(1, "/"));
  expect(await page.getByTestId("instances").locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
});

test("a job on an instance killed with SIGKILL shows as failed on the other within 10 s", async ({ page }) => {
  await page.goto(urlOf(0, "/operations"));
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page.getByTestId("job-progress")).toBeVisible();
  process.kill(-instances[0].child.pid!, "SIGKILL");
  await page.goto(urlOf(1, "/operations"));
  const jobs = page.getByTestId("jobs");
  await expect(async () => {
    await page.reload();
    await expect(jobs.locator("tbody tr").first()).toContainText("failed", { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(jobs.locator("tbody tr").first()).toContainText("interrupted");
});
