// setup_backup_cron.sh against a stand-in crontab that keeps its table in a
// file (the real one would edit this machine's root crontab).
import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cronProblem } from "@/lib/ops/cron";

let dir: string;
let fake: string;
let table: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "legendai-cron-"));
  table = path.join(dir, "crontab.txt");
  fake = path.join(dir, "crontab");
  await writeFile(
    fake,
    `#!/bin/sh
case "$1" in
  -l) if [ -f "${table}" ]; then cat "${table}"; else echo "no crontab for $(whoami)" >&2; exit 1; fi ;;
  -) cat > "${table}" ;;
  *) exit 2 ;;
esac
`,
  );
  await chmod(fake, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function setup(args: string[], crontab = fake) {
  return spawnSync("ops/scripts/setup_backup_cron.sh", args, {
    encoding: "utf8",
    env: { ...process.env, CRONTAB_COMMAND: crontab, BACKUP_DIR: path.join(dir, "backups") }, // eslint-disable-line no-restricted-properties
  });
}
const lines = async () => (existsSync(table) ? (await readFile(table, "utf8")).split("\n").filter(Boolean) : []);

describe("setup_backup_cron.sh", () => {
  it("installs one daily line at 02:00, idempotently, keeping other lines", async () => {
    await writeFile(table, "15 4 * * * /usr/bin/other-job\n");
    expect(setup(["--daily"]).status).toBe(0);
    expect(setup(["--daily"]).status).toBe(0);
    const installed = await lines();
    expect(installed).toHaveLength(2);
    expect(installed[0]).toBe("15 4 * * * /usr/bin/other-job");
    expect(installed[1]).toMatch(
      /^0 2 \* \* \* cd '.+' && .*\.\/ops\/scripts\/db_backup\.sh >> '.+legendai_backup\.log' 2>&1 # legendai-backup$/,
    );
    expect(installed[1]).toContain(path.join(dir, "legendai_backup.log")); // beside BACKUP_DIR
  });

  it("replaces the schedule with --hourly and --custom, and logs where asked", async () => {
    setup(["--hourly"]);
    expect((await lines()).filter((l) => l.includes("legendai-backup"))).toEqual([
      expect.stringMatching(/^0 \* \* \* \* /),
    ]);
    expect(setup(["--custom", "0 */6 * * *", "--log-file", "/var/log/legendai_backup.log"]).status).toBe(0);
    const ours = (await lines()).filter((l) => l.includes("legendai-backup"));
    expect(ours).toEqual([expect.stringMatching(/^0 \*\/6 \* \* \* .*'\/var\/log\/legendai_backup\.log'/)]);
  });

  it("refuses an invalid schedule and changes nothing", async () => {
    const before = await lines();
    const result = setup(["--custom", "61 * * * *"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/"61 \* \* \* \*" is not a cron schedule: minute "61" is out of range 0-59/);
    expect(await lines()).toEqual(before);
  });

  it("--remove takes our line out and leaves the rest", async () => {
    expect(setup(["--remove"]).stdout).toMatch(/removed/);
    expect(await lines()).toEqual(["15 4 * * * /usr/bin/other-job"]);
    expect(setup(["--remove"]).stdout).toMatch(/there was no/);
  });

  it("--pitr installs a weekly full and a daily differential PITR backup and a weekly PITR drill beside the logical backup; --remove-pitr takes them out", async () => {
    expect(setup(["--daily"]).status).toBe(0);
    expect(setup(["--pitr"]).status).toBe(0);
    expect(setup(["--pitr"]).status).toBe(0);
    const installed = await lines();
    expect(installed.filter((l) => l.includes("legendai-"))).toEqual([
      expect.stringMatching(/^0 2 \* \* \* .*db_backup\.sh .*# legendai-backup$/),
      expect.stringMatching(
        /^0 1 \* \* 0 .*\.\/ops\/scripts\/pitr_backup\.sh --type full >> '.+legendai_pitr\.log' .*# legendai-pitr-full$/,
      ),
      expect.stringMatching(/^0 1 \* \* 1-6 .*pitr_backup\.sh --type diff .*# legendai-pitr-diff$/),
      expect.stringMatching(/^0 4 \* \* 6 .*pitr_drill\.sh >> .*# legendai-pitr-drill$/),
    ]);
    expect(setup(["--remove-pitr"]).stdout).toMatch(/removed the LegendAI PITR backup lines/);
    expect((await lines()).filter((l) => l.includes("legendai-"))).toEqual([
      expect.stringMatching(/# legendai-backup$/),
    ]);
  });

  it("without a crontab command, says so and prints the line to install", () => {
    const result = setup(["--daily"], "/nonexistent/crontab");
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/no "\/nonexistent\/crontab" command on this machine: nothing was installed/);
    expect(result.stdout).toMatch(/^0 2 \* \* \* cd .* # legendai-backup\n$/);
  });

  it("asks for exactly one schedule", () => {
    expect(setup([]).status).toBe(1);
    expect(setup(["--daily", "--hourly"]).stderr).toMatch(/exactly one/);
  });
});

describe("cronProblem", () => {
  it.each(["0 2 * * *", "*/15 * * * *", "0 */6 * * *", "0 9-17 * * mon-fri", "30 2 1,15 * *", "0 0 * jan,jul sun"])(
    "accepts %s",
    (e) => {
      expect(cronProblem(e)).toBeNull();
    },
  );
  it.each([
    ["* * * *", /5 fields/],
    ["0 24 * * *", /hour/],
    ["0 0 0 * *", /day of month/],
    ["0 0 * 13 *", /month/],
    ["*/0 * * * *", /step/],
    ["a b c d e", /minute/],
    ["5-1 * * * *", /minute/],
  ])("rejects %s", (e, message) => {
    expect(cronProblem(e)).toMatch(message);
  });
});
