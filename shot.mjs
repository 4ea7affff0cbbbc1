import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const base = "http://127.0.0.1:3200";
const [email, password] = process.argv.slice(2, 4);
await page.goto(base + "/login");
await page.fill('input[name="email"]', email);
await page.fill('input[name="password"]', password);
await page.click('button[type="submit"]');
await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 15000 });
for (const p of process.argv.slice(4)) {
  await page.goto(base + p);
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(800);
  const name = p.replace(/[^a-z0-9]+/gi, "_") || "root";
  await page.screenshot({ path: `/tmp/shot_${name}.png`, fullPage: true });
  console.log("shot", p, page.url());
}
await browser.close();
