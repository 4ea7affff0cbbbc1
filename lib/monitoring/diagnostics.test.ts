// Each insight against a database where its condition is made to happen: a
// long statement, a blocked lock, dead rows, a duplicate and a redundant index,
// an invalid index, an unindexed foreign key, a table without a primary key, a
// sequence at 85%.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrations/runner";
import { endSession, liveQueries, lockTree, warningFor } from "@/lib/monitoring/activity";
import { sequenceHeadroom, transactionIdAge, XID_WRAPAROUND } from "@/lib/monitoring/headroom";
import { indexBloat, tableMaintenance } from "@/lib/monitoring/maintenance";
import { schemaChecks } from "@/lib/monitoring/schema-checks";
import { createScratchDb, type ScratchDb } from "@/test/scratch-db";

let db: ScratchDb;
let reader: pg.Client;
const clients: pg.Client[] = [];

async function connect(applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url, application_name: applicationName });
  client.on("error", () => {}); // terminated on purpose below
  await client.connect();
  clients.push(client);
  return client;
}

const until = async <T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> => {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("condition not reached in 5 s");
};

beforeAll(async () => {
  db = await createScratchDb("diagnostics");
  await migrate({ connectionString: db.url });
  reader = await connect("diagnostics-reader");
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => {})));
  await db.drop();
});

describe("live queries", () => {
  it("lists a running statement with its duration and application, and cancel ends it", async () => {
    const sleeper = await connect("sleepy-report");
    const sleeping = sleeper.query("SELECT pg_sleep(30)").then(
      () => "finished",
      (error: Error) => error.message,
    );
    const sessions = await until(
      () => liveQueries(reader),
      (rows) => rows.some((r) => r.application === "sleepy-report" && (r.durationMs ?? 0) > 100),
    );
    const row = sessions.find((r) => r.application === "sleepy-report")!;
    expect(row).toMatchObject({ state: "active", protected: false, warning: null });
    expect(row.query).toContain("pg_sleep(30)");
    expect(row.waitEvent).toMatch(/Timeout: PgSleep/);

    await endSession(row.pid, "cancel", reader);
    expect(await sleeping).toMatch(/canceling statement due to user request/);
  });

  it("flags a transaction left idle, and refuses to end this app's own operation connections", async () => {
    const idle = await connect("forgetful-app");
    await idle.query("BEGIN");
    await idle.query("SELECT 1");
    const ops = await connect("legendai-ops|backup|1700000000|operator@x");
    await ops.query("BEGIN");
    await ops.query("SELECT 1");
    const rows = await until(
      () => liveQueries(reader),
      (all) => all.some((r) => r.application === "forgetful-app"),
    );
    const forgotten = rows.find((r) => r.application === "forgetful-app")!;
    expect(forgotten.state).toBe("idle in transaction");
    // The warning needs 30 s of idleness; the same row with its clock moved on is flagged.
    expect(forgotten.warning).toBeNull();
    expect(warningFor({ ...forgotten, transactionMs: 31_000 })).toBe("idle in transaction");
    expect(warningFor({ state: "active", durationMs: 61_000, transactionMs: 61_000 })).toBe("long-running");
    const opsRow = rows.find((r) => r.application.startsWith("legendai-ops"))!;
    expect(opsRow.protected).toBe(true);
    await expect(endSession(opsRow.pid, "terminate", reader)).rejects.toThrow(/this app's own legendai-ops/);
    await expect(endSession(999_999, "cancel", reader)).rejects.toThrow(/No session 999999/);

    await endSession(forgotten.pid, "terminate", reader);
    await until(
      () => liveQueries(reader),
      (all) => !all.some((r) => r.application === "forgetful-app"),
    );
    await ops.query("ROLLBACK");
  });
});

describe("locks", () => {
  it("shows who blocks whom as a tree, with the lock waited for", async () => {
    const holder = await connect("lock-holder");
    const waiter = await connect("lock-waiter");
    const second = await connect("lock-waiter-2");
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE tickers IN ACCESS EXCLUSIVE MODE");
    const waits = [waiter.query("SELECT count(*) FROM tickers"), second.query("SELECT count(*) FROM tickers")];
    const tree = await until(
      () => lockTree(reader),
      (roots) => roots.some((r) => r.application === "lock-holder" && r.blocks.length >= 2),
    );
    const root = tree.find((r) => r.application === "lock-holder")!;
    expect(root.waitingFor).toBeNull();
    const blocked = root.blocks.find((b) => b.application === "lock-waiter")!;
    expect(blocked.waitingFor).toBe("AccessShareLock on tickers");
    expect(blocked.query).toContain("FROM tickers");
    // The live-queries table marks them too: the holder blocks two, each waiter names the holder.
    const sessions = await liveQueries(reader);
    const holding = sessions.find((q) => q.application === "lock-holder")!;
    expect(holding.blocking).toBe(2);
    expect(sessions.find((q) => q.application === "lock-waiter")?.blockedBy).toEqual([holding.pid]);
    await holder.query("ROLLBACK");
    await Promise.all(waits);
    expect(await lockTree(reader)).toEqual([]);
  });
});

describe("maintenance", () => {
  it("reports the dead-row share of a table autovacuum has not reached, with the VACUUM that fixes it", async () => {
    await reader.query(
      `CREATE TABLE churn (id int PRIMARY KEY, note text) WITH (autovacuum_enabled = false);
       INSERT INTO churn SELECT g, repeat('x', 100) FROM generate_series(1, 10000) g;
       DELETE FROM churn WHERE id % 2 = 0;
       ANALYZE churn;`,
    );
    const rows = await until(
      () => tableMaintenance(reader),
      (all) => (all.find((r) => r.table === "churn")?.deadRows ?? 0) >= 5000,
    );
    const churn = rows.find((r) => r.table === "churn")!;
    expect(churn.deadShare).toBeCloseTo(0.5, 1);
    expect(churn.wastedBytes).toBeGreaterThan(churn.tableBytes * 0.4);
    expect(churn.lastAnalyze).toBeInstanceOf(Date);
    expect(churn.fix).toMatch(/^VACUUM \(ANALYZE\) "public"\."churn";/);
    expect(rows.find((r) => r.table === "users")!.fix).toBeNull();
  });

  it("estimates index bloat after most of an index's rows are deleted", async () => {
    await reader.query(
      `CREATE TABLE bloated (id int PRIMARY KEY, v int);
       INSERT INTO bloated SELECT g, g FROM generate_series(1, 200000) g;
       CREATE INDEX ix_bloated_v ON bloated (v);
       DELETE FROM bloated WHERE id % 10 <> 0;`,
    );
    await reader.query("VACUUM ANALYZE bloated");
    const bloat = await indexBloat(reader, 256 * 1024);
    const found = bloat.find((b) => b.index === "ix_bloated_v")!;
    expect(found.wastedBytes).toBeGreaterThan(found.indexBytes / 2);
    expect(found.fix).toBe('REINDEX INDEX CONCURRENTLY "public"."ix_bloated_v";');
  });
});

describe("index and schema checks", () => {
  it("finds duplicate, redundant and invalid indexes, unindexed foreign keys and tables without a key", async () => {
    // The migrated schema has none: its (user_id) index beside (user_id, alert_sent_at) is kept on purpose.
    expect(await schemaChecks(reader)).toEqual([]);
    await reader.query(
      `CREATE INDEX ix_dup_a ON pattern_scans (scanned_at DESC);
       CREATE INDEX ix_lead ON watchlists (user_id);
       CREATE TABLE notes (id serial PRIMARY KEY, user_id int REFERENCES users (id), body text);
       CREATE TABLE keyless (a int, b text);
       CREATE TABLE dupes (a int);
       INSERT INTO dupes VALUES (1), (1);`,
    );
    // A unique index that cannot be built is left invalid by CONCURRENTLY.
    await expect(reader.query("CREATE UNIQUE INDEX CONCURRENTLY ix_broken ON dupes (a)")).rejects.toThrow();
    const findings = await schemaChecks(reader);
    const of = (kind: string) => findings.filter((f) => f.kind === kind);
    expect(of("duplicate")).toEqual([
      expect.objectContaining({
        table: "pattern_scans",
        detail: expect.stringMatching(/ix_(dup_a|pattern_scans_scanned_at) indexes the same columns as/),
      }),
    ]);
    expect(of("redundant")).toEqual([
      {
        kind: "redundant",
        table: "watchlists",
        detail: expect.stringMatching(
          /^ix_lead is the leading part of (uq_watchlists_user_ticker|ix_watchlists_user_added_at)$/,
        ),
        fix: 'DROP INDEX CONCURRENTLY "public"."ix_lead";',
      },
    ]);
    expect(of("invalid")).toEqual([
      expect.objectContaining({ table: "dupes", fix: 'REINDEX INDEX CONCURRENTLY "public"."ix_broken";' }),
    ]);
    expect(of("fk-unindexed")).toEqual([
      expect.objectContaining({ table: "notes", fix: 'CREATE INDEX CONCURRENTLY ON "public"."notes" ("user_id");' }),
    ]);
    expect(of("no-primary-key").map((f) => f.table)).toEqual(["dupes", "keyless"]);
  });
});

describe("headroom", () => {
  it("shows a 32-bit sequence at 85% and when it runs out at the rate its snapshots show", async () => {
    const max = 2_147_483_647;
    await reader.query(`SELECT setval('pattern_scans_id_seq', $1)`, [Math.round(max * 0.85)]);
    const now = new Date();
    // A snapshot from a day ago, 10 million values lower: 10 million a day.
    await reader.query(
      `INSERT INTO relation_snapshots (taken_at, kind, relation, bytes, value) VALUES ($1, 'sequence', 'public.pattern_scans_id_seq', 0, $2)`,
      [new Date(now.getTime() - 86_400_000), Math.round(max * 0.85) - 10_000_000],
    );
    const [top] = await sequenceHeadroom(reader, now);
    expect(top).toMatchObject({ sequence: "public.pattern_scans_id_seq", column: "pattern_scans.id", maxValue: max });
    expect(top.columnType).toBe("integer");
    expect(top.usedShare).toBeCloseTo(0.85, 3);
    expect(top.perDay).toBeCloseTo(10_000_000, -3);
    const daysLeft = (top.runsOutAt!.getTime() - now.getTime()) / 86_400_000;
    expect(daysLeft).toBeCloseTo((max * 0.15) / 10_000_000, 0);
  });

  it("reads the transaction-id age against the wraparound limit", async () => {
    const age = await transactionIdAge(reader);
    expect(age.age).toBeGreaterThan(0);
    expect(age.share).toBeCloseTo(age.age / XID_WRAPAROUND, 9);
    expect(age.freezeMaxAge).toBe(200_000_000);
    expect(age.oldestTables.length).toBeGreaterThan(0);
  });
});
