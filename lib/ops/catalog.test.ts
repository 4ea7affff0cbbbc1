// Without S3, every instance still knows which backups exist: one held by
// another instance is listed as held there, and restoring it here is refused
// with what to do, never a silent "no backups yet".
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { withEnv } from "@/lib/env";
import { startBackup } from "@/lib/ops/backup";
import { sharedCatalog } from "@/lib/ops/catalog";
import { RestoreRefusedError, startRestore } from "@/lib/ops/restore";
import { opsFixture, type OpsFixture } from "@/test/ops-fixture";

let fx: OpsFixture;
let otherDir: string;
beforeAll(async () => {
  fx = await opsFixture("catalog", { scans: 100 });
  otherDir = await mkdtemp(path.join(tmpdir(), "legendai-instance-b-"));
});
afterAll(async () => {
  await fx.cleanup();
  await rm(otherDir, { recursive: true, force: true });
  await closeDb();
});

describe("the catalog without S3", () => {
  it("lists another instance's backup as held there, and refuses to restore it here, saying why", async () => {
    const taken = await (await fx.run(() => startBackup({ actor: "instance-a" }))).done;
    const asB = <T>(work: () => Promise<T>) => withEnv({ ...fx.config, BACKUP_DIR: otherDir }, work);
    const [entry] = (await asB(() => sharedCatalog())).filter(
      (e) => path.basename(e.path) === path.basename(taken.path),
    );
    expect(entry).toMatchObject({ location: "elsewhere", holder: expect.stringContaining(fx.backupDir) });
    const attempt = asB(() => startRestore({ kind: "latest" }, "instance-b"));
    await expect(attempt).rejects.toThrow(RestoreRefusedError);
    await expect(attempt).rejects.toThrow(
      /is held by .*whose disk this instance cannot read: run this there, share BACKUP_DIR between the instances, or set S3_BUCKET/,
    );
  });
});
