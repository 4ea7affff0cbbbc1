// The rules an operator expects, each provoked for real on the run's database
// (a long statement, a lock, an idle transaction, a table without statistics
// or with autovacuum off) and seen to fire once and resolve once, by webhook.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startIncidentRun, type IncidentRun } from "@/test/incident-run";
import { query } from "@/test/sql";
import { resetData } from "@/test/reset";

let run: IncidentRun;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clients: pg.Client[] = [];

async function session(name: string) {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: name });
  await client.connect();
  clients.push(client);
  const [{ pid }] = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows;
  return { client, subject: `pid ${pid}` };
}

beforeAll(async () => {
  await resetData();
  run = await startIncidentRun();
  await run.settings({
    longQuerySeconds: 1,
    lockWaitSeconds: 1,
    idleInTransactionSeconds: 1,
    tableChecksHoldMinutes: 0,
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => {})));
  await query(env().DATABASE_URL, "DROP TABLE IF EXISTS rule_probe");
  await run.close();
  await closeDb();
});

describe("rules on sessions", () => {
  it("a statement running longer than the limit fires once, and resolves once when it ends", async () => {
    const { client, subject } = await session("long-report");
    // Runs until cancelled below: however slow the evaluations are on a busy machine, it is still running during them.
    const sleeping = client.query("SELECT pg_sleep(120)").catch((error: Error) => error);
    await sleep(1_500);
    await run.evaluate();
    await run.evaluate();
    expect(run.messages("long_query", subject)).toEqual(["firing"]);
    await query(env().DATABASE_URL, `SELECT pg_cancel_backend(${subject.slice(4)})`);
    expect(String(await sleeping)).toContain("canceling statement");
    await run.evaluate();
    await run.evaluate();
    expect(run.messages("long_query", subject)).toEqual(["firing", "resolved"]);
  });

  it("a session blocked on a lock, and the idle transaction holding it, each fire once and resolve once", async () => {
    await query(env().DATABASE_URL, "CREATE TABLE IF NOT EXISTS rule_probe (id int)");
    const locker = await session("psql-by-hand");
    const waiter = await session("blocked-report");
    await locker.client.query("BEGIN");
    await locker.client.query("LOCK TABLE rule_probe IN ACCESS EXCLUSIVE MODE");
    const waiting = waiter.client.query("SELECT count(*) FROM rule_probe");
    await sleep(1_500);
    await run.evaluate();
    await run.evaluate();
    expect(run.messages("lock_wait", waiter.subject)).toEqual(["firing"]);
    expect(run.messages("idle_in_transaction", locker.subject)).toEqual(["firing"]);
    expect(run.messages("long_query", waiter.subject)).toEqual([]); // waiting is not running
    await locker.client.query("COMMIT");
    await waiting;
    await run.evaluate();
    expect(run.messages("lock_wait", waiter.subject)).toEqual(["firing", "resolved"]);
    expect(run.messages("idle_in_transaction", locker.subject)).toEqual(["firing", "resolved"]);
  });
});

describe("rules on tables", () => {
  it("a table never analyzed, or changed much since, fires; ANALYZE resolves it; autovacuum off on it too", async () => {
    const url = env().DATABASE_URL;
    await query(url, "DROP TABLE IF EXISTS rule_probe");
    await query(url, "CREATE TABLE rule_probe (id int, v int) WITH (autovacuum_enabled = false)");
    await query(url, "INSERT INTO rule_probe SELECT g, 0 FROM generate_series(1, 5000) g");
    await sleep(700); // the statistics collector's flush
    await run.evaluate();
    expect(run.messages("analyze_stale", "public.rule_probe")).toEqual([]); // "public." is not how tables are named
    expect(run.messages("analyze_stale", "rule_probe")).toEqual(["firing"]);
    expect(run.messages("autovacuum_off", "rule_probe")).toEqual(["firing"]);
    await query(url, "ANALYZE rule_probe");
    await query(url, "ALTER TABLE rule_probe RESET (autovacuum_enabled)");
    await sleep(700);
    await run.evaluate();
    expect(run.messages("analyze_stale", "rule_probe")).toEqual(["firing", "resolved"]);
    expect(run.messages("autovacuum_off", "rule_probe")).toEqual(["firing", "resolved"]);

    await query(url, "UPDATE rule_probe SET v = 1 WHERE id <= 2000"); // 40% changed since the analyze
    await sleep(700);
    await run.evaluate();
    expect(run.messages("analyze_stale", "rule_probe")).toEqual(["firing", "resolved", "firing"]);
    await query(url, "ANALYZE rule_probe");
    await sleep(700);
    await run.evaluate();
    expect(run.messages("analyze_stale", "rule_probe")).toEqual(["firing", "resolved", "firing", "resolved"]);
  });
});
