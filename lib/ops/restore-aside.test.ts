// A restore keeps the data it replaces aside in its own transaction and writes
// the safety backup after the commit; that backup gives back exactly what was
// replaced. Data an interrupted restore left aside is written out by the next.
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { startBackup } from "@/lib/ops/backup";
import { readManifest } from "@/lib/ops/manifest";
import { startRestore } from "@/lib/ops/restore";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";
import { schemaOf } from "@/test/production-like";

const ACTOR = "operator@legendai.local";
let fx: OpsFixture;

beforeAll(async () => {
  fx = await opsFixture("aside");
  await (
    await fx.run(() => startBackup({ actor: ACTOR }))
  ).done;
});
afterAll(async () => {
  await fx.cleanup();
  await closeDb();
});

const restore = async (source: Parameters<typeof startRestore>[0]) => {
  const started = await fx.run(() => startRestore(source, ACTOR));
  const result = await started.done;
  return { result, log: started.job.job.log.map((entry) => entry.line) };
};
const asideSchemas = async () =>
  (
    await query<{ name: string }>(fx.url, `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'legendai%'`)
  ).map((r) => r.name);

describe("a restore's previous data", () => {
  it("is served restored before its safety backup is written, and that backup gives back exactly what was replaced", async () => {
    await query(fx.url, "DELETE FROM pattern_scans WHERE id % 3 = 0");
    await query(fx.url, "CREATE SCHEMA extra; CREATE TABLE extra.notes (id int PRIMARY KEY, body text)");
    await query(fx.url, "INSERT INTO extra.notes VALUES (1, 'legendai_previous_ is only text here')");
    const replaced = { stats: await fx.stats(), schema: schemaOf(fx.url) };

    const { result, log } = await restore({ kind: "latest" });
    const committed = log.findIndex((line) => line.startsWith("restored data committed and served"));
    const written = log.findIndex((line) => line.startsWith("safety backup of the previous data"));
    expect(committed).toBeGreaterThanOrEqual(0);
    expect(written).toBeGreaterThan(committed);
    expect(result.differences).toEqual([]);
    expect(await asideSchemas()).toEqual([]);
    expect((await readManifest(result.safetyBackup!))?.tables["extra.notes"]).toMatchObject({ rows: 1 });

    const undo = await restore({ kind: "file", path: result.safetyBackup! });
    expect(undo.result.differences).toEqual([]);
    expect(await fx.stats()).toEqual(replaced.stats);
    expect(schemaOf(fx.url)).toBe(replaced.schema);
  });

  it("left aside by an interrupted restore is written out and dropped by the next one", async () => {
    await query(
      fx.url,
      `CREATE SCHEMA legendai_previous_0interrupted_public;
       CREATE TABLE legendai_previous_0interrupted_public.left_behind (id int);
       INSERT INTO legendai_previous_0interrupted_public.left_behind SELECT generate_series(1, 5)`,
    );
    const { log } = await restore({ kind: "latest" });
    const line = log.find((l) => l.startsWith("an earlier restore's previous data was still kept aside"));
    expect(line).toBeDefined();
    const file = line!.replace(/^.*written to /, "");
    expect((await readManifest(file))?.tables.left_behind).toMatchObject({ rows: 5 });
    expect(await asideSchemas()).toEqual([]);
  });

  it("left aside is not part of a regular backup", async () => {
    await query(
      fx.url,
      "CREATE SCHEMA legendai_previous_0kept_public; CREATE TABLE legendai_previous_0kept_public.t (id int)",
    );
    try {
      const backup = await (await fx.run(() => startBackup({ actor: ACTOR }))).done;
      const dump = gunzipSync(await readFile(backup.path)).toString("utf8");
      expect(dump).toContain("COPY public.pattern_scans");
      expect(dump).not.toContain("legendai_previous_0kept_public");
      expect(Object.keys((await readManifest(backup.path))!.tables)).not.toContain("t");
    } finally {
      await query(fx.url, "DROP SCHEMA legendai_previous_0kept_public CASCADE");
    }
  });

  it("is backed up to a file before the replay where an extension could not follow it aside", async () => {
    await query(fx.url, "CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext");
    const { result, log } = await restore({ kind: "latest" });
    expect(log.join("\n")).toContain("extension citext lives in schema ext: the current data is backed up to a file");
    expect((await readManifest(result.safetyBackup!))?.kind).toBe("safety");
    expect(result.differences).toEqual([]);
  });
});
