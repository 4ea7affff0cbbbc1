// pitr:setup on a private cluster: archiving handed to pgBackRest (after the
// restart archive_mode needs), an encrypted repository, the stanza checked,
// a first full backup; run again, it changes nothing. Then the status a
// dashboard shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { setupPitr } from "@/lib/pitr/setup";
import { pitrStatus } from "@/lib/pitr/status";
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
