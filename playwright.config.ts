import { defineConfig } from "@playwright/test";
import { appServerCommand } from "./test/app-server";

const PORT = 3100;
const AUTH = (role: string) => `e2e/.auth/${role}.json`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  // Projects run one after another (each depends on the one before); only the layout project's
  // tests, which only read, run two at a time.
  workers: 2,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser here.
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // Signed-out checks, then sign in once per role; then the operator's backup and
  // restore; the trader (who replays the operator's action and is refused);
  // the admin, who reads all of it in the audit log; more instances; incidents reaching people.
  projects: [
    { name: "signed-out", testMatch: /signed-out\.spec\.ts/ },
    { name: "setup", testMatch: /auth\.setup\.ts/, dependencies: ["signed-out"] },
    {
      name: "operator",
      testMatch: /operator\.spec\.ts/,
      dependencies: ["setup"],
      use: { storageState: AUTH("operator") },
    },
    {
      name: "trader",
      testMatch: /trader\.spec\.ts/,
      dependencies: ["operator"],
      use: { storageState: AUTH("trader") },
    },
    { name: "admin", testMatch: /admin\.spec\.ts/, dependencies: ["trader"], use: { storageState: AUTH("admin") } },
    // Sessions that end, as the admin sees them on /users (with users of their own).
    {
      name: "sessions",
      testMatch: /sessions\.spec\.ts/,
      dependencies: ["admin"],
      use: { storageState: AUTH("admin") },
    },
    // Hostile raw HTTP: server actions, static files, routes, sign-in bodies and floods.
    { name: "raw", testMatch: /raw-requests\.spec\.ts/, dependencies: ["sessions"] },
    // Last: it runs two more instances beside the main one, and kills one.
    {
      name: "instances",
      testMatch: /instances\.spec\.ts/,
      dependencies: ["raw"],
      use: { storageState: AUTH("operator") },
    },
    // An instance of its own that evaluates the incident rules every 2 s, and the admin's live-queries view.
    {
      name: "incidents",
      testMatch: /incidents\.spec\.ts/,
      dependencies: ["instances"],
      use: { storageState: AUTH("admin") },
    },
    // Every page as every role at 1440, 1024 and 390 px, light and dark (each test names its role).
    { name: "layout", testMatch: /layout\.spec\.ts/, dependencies: ["incidents"], fullyParallel: true },
    // One fault per dependency, on private services behind fault-injecting proxies, with an app of its own.
    { name: "faults", testMatch: /faults\.spec\.ts/, dependencies: ["layout"] },
    // Behind Debian's nginx terminating TLS, configured by ops/nginx/legendai-admin.conf.
    { name: "nginx", testMatch: /nginx\.spec\.ts/, dependencies: ["faults"] },
    // Point-in-time recovery from the dashboard, on an app of its own over a private cluster archiving to pgBackRest.
    { name: "pitr", testMatch: /pitr\.spec\.ts/, dependencies: ["nginx"] },
    // OpenTelemetry traces from an app of its own, exported to a small OTLP/HTTP receiver.
    { name: "traces", testMatch: /traces\.spec\.ts/, dependencies: ["pitr"] },
  ],
  webServer: {
    command: appServerCommand(PORT).join(" "), // as `npm start` serves it: server.ts in front of Next
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    // Playwright's requests stand for one trusted proxy: a test sets X-Forwarded-For to be another client.
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      TRUSTED_PROXY_HOPS: "1",
      SCANNER_API_TOKEN: "e2e-scanner-token",
    },
  },
});
