// Reads on a real streaming replica (pg_basebackup -R of a private primary):
// a user's own writes always show, other reads spread to the replica, a
// stopped or lagging replica is skipped without an error, and nothing read on
// a replica that lacks a write is cached.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { migrate } from "@/lib/db/migrations/runner";
import { env } from "@/lib/env";
import { deleteKeys } from "@/test/run-resources";
import { startPgBouncer, startPrivatePostgres, type PrivatePostgres } from "@/test/private-cluster";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";
import { DATABASE_RULES } from "@/lib/incidents/rules/database";
import { incidentSettingsSchema } from "@/lib/incidents/settings";
import type { Facts } from "@/lib/incidents/facts";

const MAX_LAG_S = 3;
const PREFIX = `legendai-replica-test-${randomBytes(4).toString("hex")}:`;
let primary: PrivatePostgres;
let replica: PrivatePostgres;
type App = { send: (command: object) => Promise<Answer>; stop: () => void };
let app: App;
let proxy: TcpProxy | undefined;

type Answer = { value?: unknown; error?: string; reads: { primary: number; replica: number } };

async function sql(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

const onReplica = (text: string) => sql(replica.url("legendai"), text);

/** Until the replica has replayed everything the primary has written. */
async function caughtUp(): Promise<void> {
  const { rows } = await sql(primary.url("legendai"), "SELECT pg_current_wal_lsn()::text AS lsn");
  for (let i = 0; i < 100; i++) {
    const { rows: r } = await onReplica(`SELECT pg_last_wal_replay_lsn() >= '${rows[0].lsn}'::pg_lsn AS done`);
    if (r[0].done) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the replica did not catch up");
}

const replicaRule = (id: string) => DATABASE_RULES.find((rule) => rule.id === id)!;
const lagWarnAt1s = incidentSettingsSchema.parse({ replicaLagSeconds: 1 });

function startApp(replicaUrl = replica.url("legendai")): Promise<App> {
  const child = spawn(
    "node",
    ["--import", "tsx", "--import", "./test/css-modules.mjs", "test/fixtures/replica-reads.tsx"],
    {
      env: {
        ...process.env, // eslint-disable-line no-restricted-properties -- the test's environment, pointed at the pair
        DATABASE_URL: primary.url("legendai"),
        DIRECT_DATABASE_URL: primary.url("legendai"),
        DATABASE_REPLICA_URLS: replicaUrl,
        DB_REPLICA_MAX_LAG_S: String(MAX_LAG_S),
        DB_STATEMENT_TIMEOUT: "2",
        REDIS_KEY_PREFIX: PREFIX,
      },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  return next().then(() => ({
    send: (command: object) => {
      child.stdin.write(`${JSON.stringify(command)}\n`);
      return next();
    },
    stop: () => child.kill(),
  }));
}

/** Each replica as `target` last checked it. */
const statusOf = async (target: App) => (await target.send({ op: "status" })).value as Facts["replicas"];

/** Until `target`'s replica is in rotation (or out of it, for `reason` if given). */
const untilInRotation = (target: App, inRotation: boolean, timeout: number, reason?: RegExp) =>
  vi.waitUntil(
    async () => {
      const [state] = await statusOf(target);
      return state.inRotation === inRotation && (!reason || reason.test(state.reason ?? ""));
    },
    { timeout, interval: 200 },
  );

beforeAll(async () => {
  primary = await startPrivatePostgres();
  await sql(primary.url(), "CREATE DATABASE legendai");
  await migrate({ connectionString: primary.url("legendai") });
  await sql(
    primary.url("legendai"),
    `INSERT INTO users (id, email, name, role, password_hash)
     SELECT g, 'replica' || g || '@legendai.local', 'Replica ' || g, 'trader', 'x' FROM generate_series(1, 3) g;
     INSERT INTO tickers (symbol, name) VALUES ('AAPL', 'Apple'), ('MSFT', 'Microsoft'), ('NVDA', 'Nvidia'), ('TSLA', 'Tesla')`,
  );
  replica = await startPrivatePostgres({ hot_standby: "on" }, primary);
  await caughtUp();
  app = await startApp();
});

afterAll(async () => {
  app?.stop();
  await proxy?.close();
  replica?.destroy();
  primary?.destroy();
  await deleteKeys(env().REDIS_URL, PREFIX);
});

describe("reads with a streaming replica", () => {
  it("shows a user their own write at once (from the primary) while others read the replica, replay paused", async () => {
    await onReplica("SELECT pg_wal_replay_pause()");
    try {
      expect((await app.send({ op: "add", userId: 1, ticker: "AAPL" })).error).toBeUndefined();
      const own = await app.send({ op: "watchlist", userId: 1 });
      expect(own.value).toEqual(["AAPL"]);
      expect(own.reads).toEqual({ primary: 1, replica: 0 });

      const other = await app.send({ op: "watchlist", userId: 2 });
      expect(other.value).toEqual([]);
      expect(other.reads).toEqual({ primary: 0, replica: 1 });
    } finally {
      await onReplica("SELECT pg_wal_replay_resume()");
    }
  });

  it("does not cache what a replica read before a write it had not replayed; caches it once replayed", async () => {
    await caughtUp();
    await onReplica("SELECT pg_wal_replay_pause()");
    try {
      await app.send({ op: "upload", ticker: "MSFT" }); // bumps the scans tag at a position the replica lacks
      const first = await app.send({ op: "scans" });
      expect(first.reads).toEqual({ primary: 0, replica: 1 }); // anyone's read: served, a moment old
      expect(first.value).toBe(0);
      const second = await app.send({ op: "scans" });
      expect(second.reads).toEqual({ primary: 0, replica: 1 }); // it was not cached: read again

      const scanner = await app.send({ op: "scannerReads", ticker: "MSFT" });
      expect(scanner).toMatchObject({ value: 1, reads: { primary: 1, replica: 0 } }); // the uploader sees its upload
    } finally {
      await onReplica("SELECT pg_wal_replay_resume()");
    }
    await caughtUp();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the next check sees the replayed position
    const fresh = await app.send({ op: "scans" });
    expect(fresh).toMatchObject({ value: 1, reads: { primary: 0, replica: 1 } });
    const cachedNow = await app.send({ op: "scans" });
    expect(cachedNow).toMatchObject({ value: 1, reads: { primary: 0, replica: 0 } });
  });

  it(`skips a replica more than DB_REPLICA_MAX_LAG_S (${MAX_LAG_S} s) behind, and takes it back when it catches up`, async () => {
    await caughtUp();
    await onReplica("SELECT pg_wal_replay_pause()");
    try {
      await app.send({ op: "add", userId: 3, ticker: "NVDA" });
      const warnings = new Set<string>();
      await vi.waitUntil(
        async () => {
          const states = await statusOf(app);
          for (const condition of replicaRule("replica_lagging").evaluate({ replicas: states } as Facts, lagWarnAt1s)!)
            warnings.add(condition.summary);
          return !states[0].inRotation;
        },
        { timeout: (MAX_LAG_S + 3) * 1000, interval: 200 },
      );
      // Behind by a second or two (past the warning, under the limit) before it leaves the rotation.
      expect([...warnings][0]).toMatch(/is [12]\.\d s behind the primary \(warning at 1 s/);
      const states = await statusOf(app);
      expect(states[0].reason).toMatch(/behind \(limit 3 s\)/);
      expect(states[0].lagBytes).toBeGreaterThan(0);
      const card = ((await app.send({ op: "card" })).value as string).replaceAll("<wbr/>", "");
      expect(card).toContain(states[0].name);
      expect(card).toMatch(/out: [\d.]+ s behind \(limit 3 s\)/);
      expect(card).toContain(">paused<");
      expect(card).toMatch(/Standbys streaming from this server.*<td>streaming<\/td>/s);
      expect(replicaRule("replica_out_of_rotation").evaluate({ replicas: states } as Facts, lagWarnAt1s)).toEqual([
        expect.objectContaining({ subject: states[0].name, summary: expect.stringMatching(/replay is paused/) }),
      ]);
      await app.send({ op: "clear" });
      expect(await app.send({ op: "watchlist", userId: 2 })).toMatchObject({ reads: { primary: 1, replica: 0 } });
    } finally {
      await onReplica("SELECT pg_wal_replay_resume()");
    }
    await untilInRotation(app, true, 5_000);
    await app.send({ op: "clear" });
    expect(await app.send({ op: "watchlist", userId: 2 })).toMatchObject({ reads: { primary: 0, replica: 1 } });
  });

  it("moves reads to the primary without an error when the replica stops, and back when it returns", async () => {
    replica.stop();
    try {
      await app.send({ op: "clear" });
      const during = await app.send({ op: "watchlist", userId: 1 });
      expect(during.error).toBeUndefined();
      expect(during.value).toEqual(["AAPL"]);
      expect(during.reads.primary).toBe(1);
      await untilInRotation(app, false, 5_000, /unreachable/);
    } finally {
      replica.start();
    }
    await untilInRotation(app, true, 10_000);
    await app.send({ op: "clear" });
    expect(await app.send({ op: "watchlist", userId: 1 })).toMatchObject({
      value: ["AAPL"],
      reads: { primary: 0, replica: 1 },
    });
  });

  it("takes a stalled replica (it accepts and never answers) out of rotation within seconds; reads meanwhile answer from the primary", async () => {
    await caughtUp();
    proxy = await startTcpProxy("127.0.0.1", Number(new URL(replica.url()).port));
    const viaProxy = new URL(replica.url("legendai"));
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const stalledApp = await startApp(viaProxy.toString());
    try {
      await stalledApp.send({ op: "clear" }); // the cache is shared with the other app (one Redis prefix)
      expect(await stalledApp.send({ op: "watchlist", userId: 1 })).toMatchObject({
        reads: { primary: 0, replica: 1 },
      });
      await stalledApp.send({ op: "clear" });
      proxy.stall();
      const started = Date.now();
      const during = await stalledApp.send({ op: "watchlist", userId: 1 }); // on the replica (it was in rotation)
      expect(during).toMatchObject({ value: ["AAPL"], reads: { primary: 1 } });
      expect(Date.now() - started).toBeLessThan(4_000); // DB_STATEMENT_TIMEOUT (2 s), then the primary
      await untilInRotation(stalledApp, false, 3_000);
      await stalledApp.send({ op: "clear" });
      const quick = Date.now();
      expect(await stalledApp.send({ op: "watchlist", userId: 2 })).toMatchObject({
        reads: { primary: 1, replica: 0 },
      });
      expect(Date.now() - quick).toBeLessThan(1_000); // not waiting on the stalled replica any more
      proxy.unstall();
      await untilInRotation(stalledApp, true, 10_000);
      await stalledApp.send({ op: "clear" });
      expect(await stalledApp.send({ op: "watchlist", userId: 2 })).toMatchObject({
        reads: { primary: 0, replica: 1 },
      });
    } finally {
      proxy.unstall();
      stalledApp.stop();
    }
  });

  it("reads on a replica behind PgBouncer in transaction mode: checked, in rotation, and a user's own write still shows", async () => {
    await caughtUp();
    const bouncer = await startPgBouncer(Number(new URL(replica.url()).port));
    const bounced = await startApp(bouncer.url("legendai"));
    try {
      const [state] = await statusOf(bounced);
      expect(state).toMatchObject({ inRotation: true, lagBytes: 0 });
      await bounced.send({ op: "clear" });
      expect(await bounced.send({ op: "watchlist", userId: 2 })).toMatchObject({ reads: { primary: 0, replica: 1 } });
      await onReplica("SELECT pg_wal_replay_pause()");
      try {
        await bounced.send({ op: "add", userId: 2, ticker: "TSLA" });
        expect(await bounced.send({ op: "watchlist", userId: 2 })).toMatchObject({
          value: ["TSLA"],
          reads: { primary: 1, replica: 0 },
        });
      } finally {
        await onReplica("SELECT pg_wal_replay_resume()");
      }
    } finally {
      bounced.stop();
      bouncer.stop();
    }
  });
});
