// Rules about the server as a whole, provoked on a private cluster (never the
// machine's shared one): autovacuum turned off, connections near
// max_connections, an inactive replication slot holding WAL. Each condition
// is read from the real server and fires once, then resolves once.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { applyConditions, listIncidents } from "@/lib/incidents/incidents";
import { holdFor, RULES } from "@/lib/incidents/rules";
import type { Facts } from "@/lib/incidents/facts";
import { incidentSettingsSchema } from "@/lib/incidents/settings";
import { autovacuumState, connectionUse, slotStates } from "@/lib/monitoring/server-state";
import { startPrivatePostgres, type PrivatePostgres } from "@/test/private-cluster";
import { resetData } from "@/test/reset";

let server: PrivatePostgres;
let admin: pg.Client;
const settings = incidentSettingsSchema.parse({});

/** Reads the facts from the private server, evaluates `ruleId` and moves its incidents; returns their statuses. */
async function evaluate(ruleId: string) {
  const rule = RULES.find((r) => r.id === ruleId)!;
  const facts = {
    now: new Date(),
    autovacuum: await autovacuumState(admin),
    connections: await connectionUse(admin),
    slots: await slotStates(admin),
  } as Facts;
  await applyConditions({ id: rule.id, forMs: holdFor(rule, settings) }, rule.evaluate(facts, settings), facts.now);
  return (await listIncidents()).filter((i) => i.rule === ruleId).map((i) => `${i.subject}:${i.status}`);
}

beforeAll(async () => {
  await resetData();
  server = await startPrivatePostgres({ max_connections: "20", wal_level: "replica" });
  admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
}, 60_000);
afterAll(async () => {
  await admin?.end();
  server?.destroy();
  await closeDb();
});

describe("rules on the server", () => {
  it("autovacuum turned off for the server fires, and resolves when it is back on", async () => {
    expect(await evaluate("autovacuum_off")).toEqual([]);
    await admin.query("ALTER SYSTEM SET autovacuum = off");
    await admin.query("SELECT pg_reload_conf()");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await evaluate("autovacuum_off")).toEqual(["server:firing"]);
    expect(await evaluate("autovacuum_off")).toEqual(["server:firing"]); // still off: nothing new
    await admin.query("ALTER SYSTEM RESET autovacuum");
    await admin.query("SELECT pg_reload_conf()");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await evaluate("autovacuum_off")).toEqual(["server:resolved"]);
  });

  it("connections over 80% of what max_connections leaves fire, and resolve when they close", async () => {
    const opened: pg.Client[] = [];
    try {
      for (let i = 0; i < 14; i++) {
        const client = new pg.Client({ connectionString: server.url() });
        await client.connect();
        opened.push(client);
      }
      expect(await evaluate("connections_high")).toEqual([":firing"]);
    } finally {
      await Promise.all(opened.map((c) => c.end()));
    }
    expect(await evaluate("connections_high")).toEqual([":resolved"]);
  });

  it("an inactive replication slot holding WAL fires, and resolves when it is dropped", async () => {
    await admin.query("SELECT pg_create_physical_replication_slot('forgotten_standby', true)");
    expect(await evaluate("replication_slot")).toEqual(["forgotten_standby:firing"]);
    expect((await listIncidents()).find((i) => i.rule === "replication_slot")?.summary).toMatch(
      /slot forgotten_standby is inactive, keeping \d+ MB of WAL/,
    );
    await admin.query("SELECT pg_drop_replication_slot('forgotten_standby')");
    expect(await evaluate("replication_slot")).toEqual(["forgotten_standby:resolved"]);
  });
});
