// Every page, as each role, at a laptop (1440), a small laptop or tablet (1024)
// and a phone (390): the page never scrolls sideways; from 1024 up no table is
// wider than its container; axe finds no serious or critical violation in the
// light and the dark theme at 1440 and 390 px (the widths either side of
// every breakpoint), and no word is broken in the middle there. A screenshot
// per page, role and width.
import { expect, test, type Page } from "@playwright/test";
import { pagesFor, type Role } from "../lib/auth/roles";
import { axeProblems } from "./helpers";
import { midWordBreaks } from "./word-breaks";

const WIDTHS = [1440, 1024, 390] as const;
const ROLES: Role[] = ["trader", "operator", "admin"];

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Tables wider than the box around them (a table may scroll inside its box below 1024 px, never above). */
async function overflowingTables(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("table")]
      .filter((table) => table.getBoundingClientRect().width > table.parentElement!.clientWidth + 1)
      .map((table) => {
        const label = table.querySelector("caption")?.textContent ?? table.getAttribute("data-testid") ?? "a table";
        const columns = [...table.querySelectorAll("thead th")]
          .map((th) => `${th.textContent} ${Math.round(th.getBoundingClientRect().width)}`)
          .join(", ");
        return `${label}: ${Math.round(table.getBoundingClientRect().width)} px in ${table.parentElement!.clientWidth} px (${columns})`;
      }),
  );
}

/** Pages reached from others rather than from the navigation, visited too. */
const LINKED_PAGES = ["/tickers/NVDA"];

for (const role of ROLES) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: `e2e/.auth/${role}.json` });
    for (const href of [...pagesFor(role).map((p) => p.href), ...LINKED_PAGES]) {
      test(`${href} fits 1440, 1024 and 390 px, light and dark`, async ({ page }, testInfo) => {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          await page.emulateMedia({ colorScheme: "light" });
          await page.goto(href);
          await page.waitForLoadState("networkidle");
          expect(await sidewaysOverflow(page), `${href} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
          if (width >= 1024) expect(await overflowingTables(page), `${href} at ${width} px`).toEqual([]);
          const name = `${role}${href === "/" ? "-overview" : href.replaceAll("/", "-")}-${width}`;
          const shot = testInfo.outputPath(`${name}.png`);
          await page.screenshot({ path: shot, fullPage: true });
          await testInfo.attach(`${name}.png`, { path: shot, contentType: "image/png" });
          if (width === 1024) continue;
          expect(await midWordBreaks(page), `${href} at ${width} px breaks words`).toEqual([]);
          expect(await axeProblems(page), `${href} at ${width} px, light`).toEqual([]);
          await page.emulateMedia({ colorScheme: "dark" });
          expect(await axeProblems(page), `${href} at ${width} px, dark`).toEqual([]);
        }
      });
    }
  });
}
