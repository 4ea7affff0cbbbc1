// Shared checks: a screenshot of each page kept as a test artifact, and axe
// (no serious or critical accessibility violations).
import AxeBuilder from "@axe-core/playwright";
import { startAppServer, type AppServer } from "../test/app-server";
import { expect, type Page, type TestInfo } from "@playwright/test";

export const USERS = {
  admin: { email: "admin@legendai.local", password: "admin-demo-pass" },
  operator: { email: "operator@legendai.local", password: "operator-demo-pass" },
  trader: { email: "trader@legendai.local", password: "trader-demo-pass" },
} as const;

/** The operator's captured "Back up now" server action, replayed by the trader. */
export const ACTION_CAPTURE = "e2e/.auth/backup-action.json";

export async function checkPage(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  const shot = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach(`${name}.png`, { path: shot, contentType: "image/png" });
  expect(await axeProblems(page)).toEqual([]);
}

/** axe's serious and critical violations on the page as it is now, one line each. */
export async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    );
}

export async function signIn(page: Page, role: keyof typeof USERS): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(USERS[role].email);
  await page.getByLabel("Password").fill(USERS[role].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

export type AppInstance = AppServer & { url: (pathname: string) => string; kill: () => void };

/**
 * One more instance of the built app (as `npm start` runs it) on a free port,
 * with the e2e run's database, Redis prefix and secret plus `extraEnv`;
 * resolves once it answers.
 */
export async function startAppInstance(extraEnv: Record<string, string>): Promise<AppInstance> {
  // eslint-disable-next-line no-restricted-properties -- the e2e run's database, Redis prefix and secret
  const server = await startAppServer({ ...process.env, ...extraEnv });
  return { ...server, url: (pathname) => `${server.base}${pathname}`, kill: server.stop };
}
