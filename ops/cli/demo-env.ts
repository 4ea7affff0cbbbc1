// For `npm run demo`: a local .env.local with a random session secret and the
// address the demo serves (NEXTAUTH_URL, from PORT), so the production build
// can sign people in and out. An existing file keeps its secret; only a local
// NEXTAUTH_URL on another port than PORT is brought in line.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const FILE = ".env.local";
// eslint-disable-next-line no-restricted-properties -- the port `npm start` will serve on, as next start reads it
const url = `http://localhost:${process.env.PORT || "3000"}`;
const LOCAL_URL = /^NEXTAUTH_URL=http:\/\/(localhost|127\.0\.0\.1):\d+\/?$/m;

if (!existsSync(FILE)) {
  writeFileSync(
    FILE,
    `# Local demo settings (not committed).\nNEXTAUTH_SECRET=${randomBytes(32).toString("base64url")}\nNEXTAUTH_URL=${url}\n`,
  );
  console.log(`wrote ${FILE} with a random NEXTAUTH_SECRET and NEXTAUTH_URL=${url}`);
} else {
  const text = readFileSync(FILE, "utf8");
  const line = LOCAL_URL.exec(text)?.[0];
  if (line && line !== `NEXTAUTH_URL=${url}`) {
    writeFileSync(FILE, text.replace(LOCAL_URL, `NEXTAUTH_URL=${url}`));
    console.log(`${FILE}: NEXTAUTH_URL is now ${url} (the demo's port)`);
  } else console.log(`${FILE} exists: left as it is`);
}
