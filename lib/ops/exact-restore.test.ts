// A restore gives back a real database exactly: schema (partitions, inheritance,
// views, triggers, routines, types, extensions, RLS, owners, grants, default
// privileges), content and sequence positions — and says what it could not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startBackup } from "@/lib/ops/backup";
import { startRestore } from "@/lib/ops/restore";
import { startVerify } from "@/lib/ops/verify";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";
import { contentOf, loadProductionLike, productionLikeRoles, schemaOf } from "@/test/production-like";

const ACTOR = "operator@legendai.local";
const roles = productionLikeRoles(env().DATABASE_URL);
let fx: OpsFixture;

beforeAll(async () => {
  await roles.create();
  fx = await opsFixture("exact", { load: async (url) => loadProductionLike(url, roles) });
});
afterAll(async () => {
  await fx.cleanup();
  await roles.drop();
  await closeDb();
});

const backup = async () => (await fx.run(() => startBackup({ actor: ACTOR }))).done;
const restoreLatest = async () => (await fx.run(() => startRestore({ kind: "latest" }, ACTOR))).done;

describe("a production-like database", () => {
  it("backup, damage, restore latest: the same schema, grants, content and sequences as before", async () => {
    const before = { schema: schemaOf(fx.url), content: await contentOf(fx.url) };
    expect(before.schema).toContain("ATTACH PARTITION market.trades_default DEFAULT");
    expect(before.schema).toContain(`GRANT SELECT ON TABLE market.trades TO ${roles.reader}`);
    await backup();

    await query(fx.url, "DELETE FROM market.trades WHERE id % 3 = 0");
    await query(fx.url, "DROP VIEW reporting.daily_volume");
    await query(fx.url, `REVOKE SELECT ON ALL TABLES IN SCHEMA market FROM ${roles.reader}`);
    await query(fx.url, "ALTER TABLE reporting.accounts OWNER TO postgres");
    await query(fx.url, "CREATE SCHEMA scratch; CREATE TABLE public.only_after (x int)");
    await query(fx.url, "SELECT nextval('reporting.ticket_no')");
    expect(schemaOf(fx.url)).not.toBe(before.schema);

    const damaged = { schema: schemaOf(fx.url), content: await contentOf(fx.url) };

    const result = await restoreLatest();
    expect(result.notRestored).toEqual([]);
    expect(schemaOf(fx.url)).toBe(before.schema);
    expect(await contentOf(fx.url)).toEqual(before.content);

    // The previous data was kept aside under other schema names and written out after the commit: restoring
    // that safety backup gives back exactly the state the restore replaced.
    await (
      await fx.run(() => startRestore({ kind: "file", path: result.safetyBackup! }, ACTOR))
    ).done;
    expect(schemaOf(fx.url)).toBe(damaged.schema);
    expect(await contentOf(fx.url)).toEqual(damaged.content);
    await restoreLatest(); // back to the backed-up state for the tests below
  });

  it("passes the restore drill", async () => {
    const result = await (await fx.run(() => startVerify(ACTOR))).done;
    expect(result).toMatchObject({ ok: true, problems: [] });
  });

  it("restores without a role the server no longer has, naming each grant it could not give back", async () => {
    await backup();
    await query(fx.url, `DROP OWNED BY ${roles.reader}; DROP ROLE ${roles.reader}`);
    await query(fx.url, "DELETE FROM market.listings");
    const result = await restoreLatest();
    expect(result.notRestored.length).toBeGreaterThanOrEqual(5);
    for (const line of result.notRestored) {
      expect(line).toMatch(
        new RegExp(`${roles.reader}.*: not restored \\(role ${roles.reader} does not exist on this server\\)$`),
      );
    }
    expect(result.notRestored.join("\n")).toContain(`GRANT SELECT ON TABLE market.trades TO ${roles.reader}`);
    const [{ count }] = await query<{ count: string }>(fx.url, "SELECT count(*) FROM market.listings");
    expect(Number(count)).toBe(60); // everything else came back
  });
});
