// Shared checks: a screenshot of each page kept as a test artifact, and axe
// (no serious or critical accessibility violations).
import { spawn, type ChildProcess } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { freePort } from "../test/private-cluster";
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

export type AppInstance = { port: number; child: ChildProcess; url: (pathname: string) => string; kill: () => void };

/**
 * One more `next start` of the built app on a free port, with the e2e run's
 * database, Redis prefix and secret plus `extraEnv`; resolves once it answers.
 */
export async function startAppInstance(extraEnv: Record<string, string>): Promise<AppInstance> {
  const port = await freePort();
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env, // eslint-disable-line no-restricted-properties -- the e2e run's database, Redis prefix and secret
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      ...extraEnv,
    },
    stdio: "ignore",
    detached: true, // its own process group: killing it kills next's server process too
  });
  for (let i = 0; i < 120; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    port,
    child,
    url: (pathname) => `http://127.0.0.1:${port}${pathname}`,
    kill: () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}
