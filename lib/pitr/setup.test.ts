// pitr:setup on a private cluster: archiving handed to pgBackRest (after the
// restart archive_mode needs), an encrypted repository, the stanza checked,
// a first full backup; run again, it changes nothing. Then the status a
// dashboard shows.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { withEnv } from "@/lib/env";
import { setupPitr } from "@/lib/pitr/setup";
import type { Facts } from "@/lib/incidents/facts";
import { RULES } from "@/lib/incidents/rules";
import { incidentSettingsSchema } from "@/lib/incidents/settings";
import { pitrStatus, type PitrStatus } from "@/lib/pitr/status";
import { pitrFixture, type PitrFixture } from "@/test/pitr-fixture";
import { query } from "@/test/sql";

let fx: PitrFixture;
const said: string[] = [];

beforeAll(async () => {
  fx = await pitrFixture("setup", { say: (line) => said.push(line) });
}, 120_000);
afterAll(async () => {
  fx?.cleanup();
  await closeDb();
});

describe("pitr:setup", () => {
  it("hands WAL to pgBackRest, creates an encrypted stanza and takes the first full backup", async () => {
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^configuration: .* written \(stanza setup_\w+, encrypted aes-256-cbc\)$/),
        "pgbackrest check: WAL archiving and the repository work",
        "first full backup taken: the cluster can be recovered to any second from now on",
      ]),
    );
    const [settings] = await query(
      fx.url,
      `SELECT current_setting('archive_mode') AS mode, current_setting('archive_command') AS command`,
    );
    expect(settings).toEqual({ mode: "on", command: expect.stringContaining("archive-push %p") });
  });

  it("run again, changes nothing and takes no second backup", async () => {
    const again: string[] = [];
    const result = await fx.run(() => setupPitr({ restart: false }, (line) => again.push(line)));
    expect(result).toEqual({ restartNeeded: false, firstBackup: false });
    expect(again).toEqual(expect.arrayContaining([expect.stringMatching(/^configuration: .* unchanged/)]));
  });

  it("reports the stanza, archiving, the backups and the recoverable window", async () => {
    await fx.archived();
    const status = await fx.run(() => pitrStatus());
    if (status.state !== "ok") throw new Error(status.reason);
    expect(status).toMatchObject({
      stanzaStatus: "ok",
      encrypted: true,
      archiver: { archiveMode: "on", failing: false },
    });
    expect(status.backups).toEqual([expect.objectContaining({ type: "full", walStart: expect.any(String) })]);
    expect(status.archiver.rpoS).toBe(0);
    expect(Date.parse(status.window!.from)).toBeLessThan(Date.parse(status.window!.to));
    expect(status.repoFree?.bytes).toBeGreaterThan(0);
  });
});

it("a configuration file that is not there yet is 'not set up', with what to run", async () => {
  const status = await withEnv({ ...fx.config, PITR_CONFIG: "/nonexistent/legendai.conf" }, () => pitrStatus());
  expect(status).toEqual({
    state: "not-set-up",
    reason: "/nonexistent/legendai.conf does not exist yet: run npm run pitr:setup",
  });
});

describe("the CLI", () => {
  const cli = (script: string, args: string[]) => {
    const settings = Object.entries(fx.config).filter(
      ([name, value]) => value !== undefined && /^(PITR_|DATABASE_URL$|BACKUP_DIR$|REDIS_)/.test(name),
    );
    return promisify(execFile)("node", ["--import", "tsx", `ops/cli/${script}.ts`, ...args], {
      // eslint-disable-next-line no-restricted-properties -- the child gets this environment and the cluster's settings
      env: { ...process.env, ...Object.fromEntries(settings.map(([name, value]) => [name, String(value)])) },
    });
  };

  it("pitr:backup takes a differential backup; pitr:status --json lists it", async () => {
    const backup = await cli("pitr-backup", ["--type", "diff", "--actor", "cron"]);
    const label = backup.stdout.trim();
    expect(label).toMatch(/^\d{8}-\d{6}F_\d{8}-\d{6}D$/);
    const status = JSON.parse((await cli("pitr-status", ["--json"])).stdout);
    expect(status.state).toBe("ok");
    expect(status.backups.map((b: { label: string; type: string }) => b.type)).toEqual(["full", "diff"]);
    expect(status.backups[1].label).toBe(label);
  }, 60_000);

  it("pitr:status says when archiving fails", async () => {
    const [{ command }] = await query<{ command: string }>(
      fx.url,
      "SELECT current_setting('archive_command') AS command",
    );
    await query(fx.url, "ALTER SYSTEM SET archive_command = 'false'");
    await query(fx.url, "SELECT pg_reload_conf()");
    try {
      await query(fx.url, "SELECT pg_switch_wal()");
      await expect
        .poll(async () => JSON.parse((await cli("pitr-status", ["--json"])).stdout).archiver.failing, {
          timeout: 20_000,
        })
        .toBe(true);
      expect((await cli("pitr-status", [])).stdout).toMatch(/^archiving: .*FAILING since/m);
      const pitr = JSON.parse((await cli("pitr-status", ["--json"])).stdout) as PitrStatus;
      const archivingRule = RULES.find((r) => r.id === "pitr_archiving")!;
      expect(archivingRule.evaluate({ now: new Date(), pitr } as Facts, incidentSettingsSchema.parse({}))).toEqual([
        expect.objectContaining({ subject: "archive", summary: expect.stringMatching(/^archiving \w+ fails since/) }),
      ]);
    } finally {
      await query(fx.url, `ALTER SYSTEM SET archive_command = '${command.replaceAll("'", "''")}'`);
      await query(fx.url, "SELECT pg_reload_conf()");
    }
  }, 60_000);
});
