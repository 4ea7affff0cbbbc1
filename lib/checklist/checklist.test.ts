// The checklist against conditions provoked for real on the test database:
// each turns its check from ok to a finding and back. And `npm run doctor`:
// the same findings from the shell, as JSON, with its exit codes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { withPgClient } from "@/lib/db/pg-client";
import { env } from "@/lib/env";
import { runChecklist } from "@/lib/checklist/run";
import type { CheckFinding } from "@/lib/checklist/check";
import { resetData } from "@/test/reset";
import { query } from "@/test/sql";

const run = (sql: string) => query(env().DATABASE_URL, sql);
const findingsOf = async (id: string) => (await runChecklist()).filter((f) => f.id === id);
const statuses = (found: CheckFinding[]) => found.map((f) => `${f.subject}:${f.status}`);

beforeAll(async () => {
  await resetData();
});
afterAll(async () => {
  await run("DROP TABLE IF EXISTS checklist_probe");
  await resetData();
  await closeDb();
});

describe("the checklist", () => {
  it("a disabled trigger is a warning with the statement that enables it, and ok once enabled", async () => {
    await run(`CREATE TABLE checklist_probe (id int PRIMARY KEY, note text)`);
    await run(`CREATE FUNCTION checklist_probe_fn() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'`);
    await run(
      `CREATE TRIGGER probe_trigger BEFORE INSERT ON checklist_probe FOR EACH ROW EXECUTE FUNCTION checklist_probe_fn()`,
    );
    expect(statuses(await findingsOf("disabled_trigger"))).toEqual([":ok"]);
    await run(`ALTER TABLE checklist_probe DISABLE TRIGGER probe_trigger`);
    const [found] = await findingsOf("disabled_trigger");
    expect(found).toMatchObject({
      status: "warning",
      subject: "checklist_probe.probe_trigger",
      fix: "ALTER TABLE checklist_probe ENABLE TRIGGER probe_trigger;",
      docs: expect.stringMatching(/^https:\/\/www\.postgresql\.org\/docs\//),
    });
    await run(`ALTER TABLE checklist_probe ENABLE TRIGGER probe_trigger`);
    expect(statuses(await findingsOf("disabled_trigger"))).toEqual([":ok"]);
    await run(`DROP TABLE checklist_probe; DROP FUNCTION checklist_probe_fn()`);
  });

  it("a table of mostly dead rows is a warning with its VACUUM, and ok after it", async () => {
    await run(`CREATE TABLE checklist_probe (id int PRIMARY KEY, note text) WITH (autovacuum_enabled = false)`);
    await run(`INSERT INTO checklist_probe SELECT g, 'x' FROM generate_series(1, 20000) g`);
    await withPgClient(env().DATABASE_URL, async (c) => {
      await c.query("DELETE FROM checklist_probe WHERE id % 2 = 0");
      await c.query("SELECT pg_stat_force_next_flush()");
    });
    await new Promise((r) => setTimeout(r, 1_200)); // the statistics are published about once a second
    const found = (await findingsOf("dead_rows")).find((f) => f.subject === "checklist_probe");
    expect(found).toMatchObject({ status: "warning", fix: expect.stringContaining("VACUUM") });
    await withPgClient(env().DATABASE_URL, (c) => c.query("VACUUM checklist_probe"));
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await findingsOf("dead_rows")).find((f) => f.subject === "checklist_probe")).toBeUndefined();
    await run("DROP TABLE checklist_probe");
  });

  it("lists problems first, then warnings, what could not be checked, and what is fine", async () => {
    const order = { problem: 0, warning: 1, "not-checked": 2, ok: 3 };
    const ranks = (await runChecklist()).map((f) => order[f.status]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});

describe("npm run doctor", () => {
  const doctor = (...args: string[]) =>
    promisify(execFile)("npx", ["tsx", "ops/cli/doctor.ts", ...args], {
      // eslint-disable-next-line no-restricted-properties -- the child reads the test's database
      env: { ...process.env },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("prints the findings as JSON and exits 1 on a problem, 2 when it cannot run", async () => {
    const server = (await query<{ on: string }>(env().DATABASE_URL, "SELECT current_setting('autovacuum') AS on"))[0]
      .on;
    const result = await doctor("--json", "--fail-on", "warning");
    const { checks } = JSON.parse(result.stdout) as { checks: Record<string, string>[] };
    expect(checks.length).toBeGreaterThan(20);
    for (const c of checks) expect(Object.keys(c).sort()).toEqual(["fix", "id", "status", "subject", "summary"]);
    const problems = checks.filter((c) => c.status === "problem" || c.status === "warning");
    expect(result.code).toBe(problems.length ? 1 : 0);
    // this machine's shared server runs with autovacuum off (its CI configuration): a problem the doctor names
    if (server === "off")
      expect(checks).toContainEqual(expect.objectContaining({ id: "autovacuum_off", status: "problem" }));

    const unreachable = await doctor("--url", "postgresql://postgres@127.0.0.1:1/nowhere");
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain("doctor could not run its checks");
    expect((await doctor("--fail-on", "maybe")).code).toBe(2);
  }, 60_000);
});
