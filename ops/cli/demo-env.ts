// For `npm run demo`: a local .env.local with a random session secret, so the
// production build can sign people in. Never overwrites an existing file.
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";

const FILE = ".env.local";
if (existsSync(FILE)) {
  console.log(`${FILE} exists: left as it is`);
} else {
  writeFileSync(
    FILE,
    `# Local demo settings (not committed).\nNEXTAUTH_SECRET=${randomBytes(32).toString("base64url")}\nNEXTAUTH_URL=http://localhost:3000\n`,
  );
  console.log(`wrote ${FILE} with a random NEXTAUTH_SECRET`);
}
