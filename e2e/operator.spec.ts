// An operator backs up, watches the progress, sees the backup in the catalog,
// then restores it with a typed confirmation.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ACTION_CAPTURE, checkPage } from "./helpers";

test.describe.configure({ mode: "serial" });

test("Back up now: progress, then the backup in the catalog", async ({ page }, testInfo) => {
  await page.goto("/operations");
  await expect(page.getByRole("heading", { name: "Operations" })).toBeVisible();
  const rowsBefore = await page
    .getByTestId("backup-catalog")
    .locator("tbody tr")
    .count()
    .catch(() => 0);

  // Keep the server action's request: the trader will replay it and must be refused.
  page.on("request", (request) => {
    const action = request.headers()["next-action"];
    if (request.method() === "POST" && action) {
      writeFileSync(
        ACTION_CAPTURE,
        JSON.stringify({
          action,
          contentType: request.headers()["content-type"],
          body: request.postDataBuffer()?.toString("base64") ?? "",
        }),
      );
    }
  });
  await page.getByRole("button", { name: "Back up now" }).click();
  const job = page.getByTestId("job-progress");
  await expect(job).toBeVisible();
  await expect(job.getByRole("progressbar")).toBeVisible();
  await expect(job).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(job).toContainText(/Saved legendai_db_\d{8}_\d{6}\.sql\.gz/);
  await expect(page.getByTestId("backup-catalog").locator("tbody tr")).toHaveCount(rowsBefore + 1);
  await checkPage(page, testInfo, "operations-after-backup");
});

test("Restore latest asks for a typed confirmation, then restores", async ({ page }, testInfo) => {
  await page.goto("/operations");
  await page.getByRole("button", { name: "Restore latest…" }).click();
  const confirm = page.getByRole("form", { name: "Confirm restore" });
  await expect(confirm).toContainText(/legendai_db_\d{8}_\d{6}\.sql\.gz/);
  const submit = confirm.getByRole("button", { name: "Restore this backup" });
  await expect(submit).toBeDisabled();
  await confirm.getByLabel(/Type restore to confirm/).fill("restor");
  await expect(submit).toBeDisabled();
  await confirm.getByLabel(/Type restore to confirm/).fill("restore");
  await expect(submit).toBeEnabled();
  await checkPage(page, testInfo, "operations-restore-confirm");
  await submit.click();
  const job = page.getByTestId("job-progress");
  await expect(job).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
  await expect(job).toContainText("Every table matches the backup's manifest");
  // The safety backup taken before the restore is in the catalog, marked as such.
  await expect(page.getByTestId("backup-catalog")).toContainText("safety");
  await expect(page.getByTestId("migrations")).toContainText("applied");
});

test("Rehearse pending migrations: a copy of the latest backup, the report on the migration card", async ({
  page,
}, testInfo) => {
  // A pending migration to rehearse: the last one (an online index) rolled back, as a release would bring it.
  const cli = (script: string) =>
    // eslint-disable-next-line no-restricted-properties -- the CLI runs against the suite's database
    execFileSync("npx", ["tsx", `ops/cli/${script}.ts`], { env: process.env, encoding: "utf8" });
  cli("db-rollback");
  try {
    await page.goto("/operations");
    await expect(page.getByTestId("rehearsal")).toContainText("were never rehearsed");
    await page.getByRole("button", { name: "Back up now" }).click(); // the copy is of a backup taken without it
    await expect(page.getByTestId("job-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
    await page.reload();
    const rehearsal = page.getByTestId("rehearsal");
    await rehearsal.getByRole("button", { name: "Rehearse pending migrations" }).click();
    await expect(rehearsal.getByTestId("job-progress")).toHaveAttribute("data-status", "succeeded", {
      timeout: 120_000,
    });
    const report = page.getByTestId("rehearsal-report");
    await expect(report).toContainText("20261201120000_scan_score_index", { timeout: 15_000 });
    await expect(report).toContainText("ShareUpdateExclusiveLock pattern_scans");
    await expect(report).toContainText("Scans by highest score");
    await expect(report).toContainText("using ix_pattern_scans_score");
    await expect(rehearsal).not.toContainText("were never rehearsed");
    await checkPage(page, testInfo, "operations-rehearsal");
  } finally {
    cli("db-migrate");
  }
});
