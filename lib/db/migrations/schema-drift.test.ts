// Schema drift, provoked by hand on scratch databases: an index made in psql,
// a column altered, a function added, an index the migrations make dropped.
// Each is found; the generated migration adopts them (applied here it is a
// no-op and the drift is gone; applied to a fresh database it makes the same
// schema; its down.sql takes that back); the statement that removes a drift
// removes it; the incident fires once. A role that may not create a database
// gets "not checked" and why, or uses SHADOW_DATABASE_URL.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptingMigration, restoringStatements } from "@/lib/db/migrations/adopt-drift";
import { readCatalog } from "@/lib/db/migrations/catalog";
import { schemaDrift } from "@/lib/db/migrations/drift";
import { createMigration, DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations/files";
import { migrate, rollback } from "@/lib/db/migrations/runner";
import { NoShadowError } from "@/lib/db/migrations/shadow";
import { closeDb } from "@/lib/db/client";
import { withPgClient } from "@/lib/db/pg-client";
import { env, withEnv } from "@/lib/env";
import { gatherFacts } from "@/lib/incidents/facts";
import { applyConditions, listIncidents } from "@/lib/incidents/incidents";
import { RULES } from "@/lib/incidents/rules";
import { createScratchDb, type ScratchDb } from "@/test/scratch-db";
import { resetData } from "@/test/reset";
import { query } from "@/test/sql";

let drifted: ScratchDb;
let fresh: ScratchDb;
let dir: string;
const catalogOf = (url: string) => withPgClient(url, readCatalog);

const BY_HAND = [
  "CREATE INDEX ix_by_hand ON pattern_scans (pivot_price)",
  "ALTER TABLE watchlists ALTER COLUMN notes TYPE varchar(500)",
  "CREATE FUNCTION scan_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM pattern_scans'",
  'DROP INDEX "ix_scan_logs_start_time"',
];

beforeAll(async () => {
  [drifted, fresh] = await Promise.all([createScratchDb("drift"), createScratchDb("drift_fresh")]);
  dir = await mkdtemp(path.join(tmpdir(), "legendai-drift-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  await migrate({ connectionString: drifted.url, dir });
}, 120_000);
afterAll(async () => {
  await Promise.all([drifted?.drop(), fresh?.drop()]);
  await rm(dir, { recursive: true, force: true });
  await query(env().DATABASE_URL, "DROP INDEX IF EXISTS ix_drift_incident");
  await resetData();
  await closeDb();
});

describe("schema drift", () => {
  it("a database as its migrations made it has none", async () => {
    expect(await schemaDrift(drifted.url, dir)).toEqual([]);
  });

  it("finds an index made by hand, a column altered, a function added and an index dropped", async () => {
    for (const statement of BY_HAND) await query(drifted.url, statement);
    const drifts = (await schemaDrift(drifted.url, dir))!;
    expect(
      drifts.map(
        (d) => `${d.kind} ${d.name} ${d.live === null ? "missing" : d.expected === null ? "extra" : "changed"}`,
      ),
    ).toEqual([
      "function scan_count() extra",
      "index ix_by_hand extra",
      "index ix_scan_logs_start_time missing",
      "column watchlists.notes changed",
    ]);
    expect(restoringStatements(drifts.find((d) => d.name === "ix_by_hand")!)).toBe(
      'DROP INDEX CONCURRENTLY IF EXISTS "ix_by_hand";',
    );
  });

  it("the generated migration adopts them: a no-op here, the same schema on a fresh database, undone by its down.sql", async () => {
    const before = await catalogOf(drifted.url);
    const drifts = (await schemaDrift(drifted.url, dir))!;
    const folder = await createMigration(
      "adopt_drift",
      dir,
      new Date("2099-01-01T00:00:00Z"),
      adoptingMigration(drifts),
    );
    expect(path.basename(folder)).toBe("20990101000000_adopt_drift");

    await migrate({ connectionString: drifted.url, dir });
    expect(await catalogOf(drifted.url)).toEqual(before); // nothing changed here…
    expect(await schemaDrift(drifted.url, dir)).toEqual([]); // …and the history now makes it

    await migrate({ connectionString: fresh.url, dir });
    expect(await catalogOf(fresh.url)).toEqual(before);
    await rollback({ connectionString: fresh.url, dir });
    await rm(folder, { recursive: true });
    expect(await schemaDrift(fresh.url, dir)).toEqual([]); // back to what the original migrations make
  }, 60_000);

  it("the statement that puts an object back removes its drift", async () => {
    await query(drifted.url, "CREATE INDEX ix_by_hand_2 ON pattern_scans (entry_price)");
    const [found] = (await schemaDrift(drifted.url))!.filter((d) => d.name === "ix_by_hand_2");
    await query(drifted.url, restoringStatements(found));
    expect((await schemaDrift(drifted.url))!.map((d) => d.name)).not.toContain("ix_by_hand_2");
  });

  it("raises an incident once for new drift, resolved when it is removed", async () => {
    const rule = RULES.find((r) => r.id === "schema_drift")!;
    const evaluate = async () => {
      const { facts, failures } = await gatherFacts(new Date(), ["drift"]);
      expect(failures).toEqual({});
      await applyConditions({ id: rule.id, forMs: 0 }, rule.evaluate(facts, {} as never), facts.now);
      return (await listIncidents()).filter((i) => i.rule === rule.id).map((i) => `${i.subject}:${i.status}`);
    };
    expect(await evaluate()).toEqual([]);
    await query(env().DATABASE_URL, "CREATE INDEX ix_drift_incident ON scan_logs (status)");
    expect(await evaluate()).toEqual(["index ix_drift_incident:firing"]);
    expect(await evaluate()).toEqual(["index ix_drift_incident:firing"]); // still there: no second incident
    await query(env().DATABASE_URL, "DROP INDEX ix_drift_incident");
    expect(await evaluate()).toEqual(["index ix_drift_incident:resolved"]);
  });

  it("a role that may not create a database: not checked, and why; SHADOW_DATABASE_URL names one", async () => {
    // A history of one migration: a set of files no earlier test built, so nothing is remembered.
    const one = await mkdtemp(path.join(tmpdir(), "legendai-drift-one-"));
    await cp(path.join(DEFAULT_MIGRATIONS_DIR, "20261126120000_init"), path.join(one, "20261126120000_init"), {
      recursive: true,
    });
    const [target, shadow] = await Promise.all([createScratchDb("drift_role"), createScratchDb("shadow")]);
    const role = `legendai_nocreatedb_${process.pid}`;
    const as = (url: string) => Object.assign(new URL(url), { username: role }).toString();
    try {
      await migrate({ connectionString: target.url, dir: one });
      await query(target.url, `CREATE ROLE ${role} LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
      await expect(schemaDrift(as(target.url), one)).rejects.toThrow(NoShadowError);
      await expect(schemaDrift(as(target.url), one)).rejects.toThrow(/may not CREATE DATABASE.*SHADOW_DATABASE_URL/);

      await query(shadow.url, `ALTER DATABASE ${shadow.name} OWNER TO ${role}; ALTER SCHEMA public OWNER TO ${role}`);
      const config = { ...env(), SHADOW_DATABASE_URL: as(shadow.url) };
      expect(await withEnv(config, () => schemaDrift(as(target.url), one))).toEqual([]);
      await query(target.url, "CREATE INDEX ix_by_hand ON pattern_scans (pivot_price)");
      expect((await withEnv(config, () => schemaDrift(as(target.url), one)))!.map((d) => d.key)).toEqual([
        "index ix_by_hand",
      ]);
    } finally {
      await Promise.all([target.drop(), shadow.drop()]);
      await query(env().DATABASE_URL, `DROP ROLE IF EXISTS ${role}`);
      await rm(one, { recursive: true, force: true });
    }
  }, 60_000);
});
