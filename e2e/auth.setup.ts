// Signs in once per role and keeps the session for the other projects.
import { expect, test as setup } from "@playwright/test";
import { signIn, USERS } from "./helpers";

for (const role of Object.keys(USERS) as (keyof typeof USERS)[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, role);
    await expect(page.getByText(USERS[role].email)).toBeVisible();
    await page.context().storageState({ path: `e2e/.auth/${role}.json` });
  });
}
