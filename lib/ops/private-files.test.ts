// Backups hold every user's password hash: whatever the umask, what a backup
// writes is the app's alone (files 0600, folders 0700), and a BACKUP_DIR
// someone opened to others is named, with the fix.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { startBackup } from "@/lib/ops/backup";
import { backupDirExposure } from "@/lib/ops/private-files";
import { opsFixture, type OpsFixture } from "@/test/ops-fixture";

let fx: OpsFixture;
let umask: number;
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

beforeAll(async () => {
  umask = process.umask(0); // the loosest umask: nothing is narrowed by it
  fx = await opsFixture("private_files", { scans: 50 });
});
afterAll(async () => {
  process.umask(umask);
  await fx.cleanup();
  await closeDb();
});

describe("files under BACKUP_DIR", () => {
  it("are 0600 in 0700 folders, whatever the umask", async () => {
    const dir = path.join(fx.backupDir, "new"); // made by the backup
    const config = { ...fx.config, BACKUP_DIR: dir };
    const { withEnv } = await import("@/lib/env");
    await (
      await withEnv(config, () => startBackup({ actor: "test" }))
    ).done;
    expect(mode(dir)).toBe("700");
    expect(mode(path.join(dir, "jobs"))).toBe("700");
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.map((e) => e.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.sql\.gz$/), expect.stringMatching(/\.json$/)]),
    );
    for (const entry of files)
      expect(`${entry.name}: ${mode(path.join(entry.parentPath, entry.name))}`).toMatch(/: 600$/);
    expect(await backupDirExposure(dir)).toBeNull();
  });

  it("an existing folder or file open to others is named, with the command that closes it", async () => {
    const dir = path.join(fx.backupDir, "shared");
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, "old.sql.gz"), "x", { mode: 0o644 });
    const said = await backupDirExposure(dir);
    expect(said).toContain(`BACKUP_DIR ${dir} is open to other users (mode 755): chmod 700 ${dir}`);
    expect(said).toContain("1 file in it can be read by other users");
  });
});
