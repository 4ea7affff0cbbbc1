// npm run doctor [-- --json] [-- --fail-on warning] [-- --url URL]: the checklist from the shell.
import { parseArgs } from "node:util";

const HELP = `Usage: npm run doctor [-- --json] [-- --fail-on problem|warning] [-- --url DATABASE_URL]

Runs every check of the dashboard's checklist against DATABASE_URL (or --url) and prints each finding:
problems first, then warnings, what could not be checked, and what is fine.
--json          prints { "checks": [{ "id", "status", "subject", "summary", "fix" }] }, one entry per finding
--fail-on LEVEL exits 1 on any problem (the default), or on any warning too (--fail-on warning)
Exit codes: 0 nothing at or above the level, 1 something is, 2 the checks could not run.`;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    json: { type: "boolean" },
    "fail-on": { type: "string", default: "problem" },
    url: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (!["problem", "warning"].includes(values["fail-on"]!)) {
  console.error(`--fail-on takes problem or warning, not "${values["fail-on"]}"`);
  process.exit(2);
}
// eslint-disable-next-line no-restricted-properties -- --url is the database the checks read, set before anything reads the configuration
if (values.url) process.env.DATABASE_URL = values.url;

const { runChecklist, summarise } = await import("@/lib/checklist/run");
const { closeDb } = await import("@/lib/db/client");
const { maskSecrets } = await import("@/lib/mask");

const MARK = { problem: "PROBLEM", warning: "warning", "not-checked": "not checked", ok: "ok" } as const;

try {
  const findings = await runChecklist();
  if (values.json) {
    const checks = findings.map(({ id, status, subject, summary, fix }) => ({ id, status, subject, summary, fix }));
    console.log(JSON.stringify({ checks }, null, 2));
  } else {
    for (const f of findings) {
      console.log(`${MARK[f.status].padEnd(11)} ${f.title}${f.subject ? ` [${f.subject}]` : ""}: ${f.summary}`);
      if (f.fix && f.status !== "ok") console.log(`${" ".repeat(12)}fix: ${f.fix}`);
    }
    const s = summarise(findings);
    console.log(`${s.problems} problem(s), ${s.warnings} warning(s), ${s.notChecked} not checked, ${s.ok} ok`);
  }
  const failing = findings.some(
    (f) => f.status === "problem" || (values["fail-on"] === "warning" && f.status === "warning"),
  );
  process.exitCode = failing ? 1 : 0;
} catch (error) {
  console.error(`doctor could not run its checks: ${maskSecrets((error as Error).message)}`);
  process.exitCode = 2;
} finally {
  await closeDb().catch(() => {});
}
process.exit(process.exitCode ?? 0);
