// Our pg.Pool: the DB_POOL_* settings mapped onto pg-pool, plus what pg-pool
// lacks — pre-ping on checkout, acquire-wait timing, counters and a clear
// error when the pool is exhausted.
import pg from "pg";
import type { Env } from "@/lib/env";
import { percentile } from "@/lib/percentile";
import { logger } from "@/lib/log/logger";
import { maskSecrets } from "@/lib/mask";
import { observeStatement } from "@/lib/db/observe";
import { targetOf, tracedStatement } from "@/lib/db/traced-statement";

const log = logger("pool");

/** How long a connection above the warm size may sit idle before it is closed. */
const OVERFLOW_IDLE_MS = 10_000;
/** A pre-ping that takes longer than this means the connection (or the server) is not answering. */
const PRE_PING_TIMEOUT_MS = 2_000;
/** How many acquire waits the percentiles are computed over. */
const WAIT_SAMPLES = 2048;

export type PoolSettings = {
  connectionString: string;
  /** DB_POOL_SIZE: connections kept open when idle. */
  size: number;
  /** DB_MAX_OVERFLOW: extra connections allowed under load; size + overflow is the hard maximum. */
  maxOverflow: number;
  /** DB_POOL_TIMEOUT: how long a caller waits for a connection before failing. */
  timeoutSeconds: number;
  /** DB_POOL_RECYCLE: maximum lifetime of a connection (0 = forever). */
  recycleSeconds: number;
  /** DB_POOL_PRE_PING: test a reused connection before handing it out. */
  prePing: boolean;
  /** DB_POOL_PRE_PING_WINDOW_MS: skip the test for a connection used this recently (default 0: always test). */
  prePingWindowMs?: number;
  /**
   * DB_STATEMENT_TIMEOUT in ms (0: none): each statement run through query() is
   * sent inside a transaction of its own with SET LOCAL statement_timeout and
   * lock_timeout set to what is left of it after waiting for the connection.
   */
  statementTimeoutMs?: number;
  /** DB_POOL_LEAK_DETECTION_MS: a connection held longer is reported once, with where it was taken (0: off). */
  leakDetectionMs?: number;
  /** DEBUG: log pool events. */
  debug: boolean;
  applicationName?: string;
};

export function poolSettingsFromEnv(e: Env): PoolSettings {
  return {
    connectionString: e.DATABASE_URL,
    size: e.DB_POOL_SIZE,
    maxOverflow: e.DB_MAX_OVERFLOW,
    timeoutSeconds: e.DB_POOL_TIMEOUT,
    recycleSeconds: e.DB_POOL_RECYCLE,
    prePing: e.DB_POOL_PRE_PING,
    prePingWindowMs: e.DB_POOL_PRE_PING_WINDOW_MS,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT * 1000,
    leakDetectionMs: e.DB_POOL_LEAK_DETECTION_MS,
    debug: e.DEBUG,
    applicationName: "legendai-admin",
  };
}

/** The pool's state: size, checked_in, checked_out, overflow, total_connections, and what the dashboard charts. */
export type PoolStatus = {
  size: number;
  max: number;
  checked_in: number;
  checked_out: number;
  overflow: number;
  total_connections: number;
  waiting: number;
  /** Connections held longer than DB_POOL_LEAK_DETECTION_MS right now. */
  leaked: number;
  counters: {
    acquisitions: number;
    acquire_timeouts: number;
    connections_opened: number;
    connections_closed: number;
    pre_ping_failures: number;
    pre_pings_skipped: number;
    /** Checkouts reported as leaks since start. */
    leaks_detected: number;
  };
  acquire_wait_ms: { p50: number; p95: number; p99: number; max: number; samples: number };
};

/**
 * Opens a transaction whose statements Postgres cancels (and rolls back) after
 * `ms`. A lock not granted by a moment before that is given up on first, so
 * that the error says it was a lock (55P03), not only that time ran out.
 */
export function beginBounded(ms: number): string {
  const statement = Math.max(2, Math.round(ms));
  const lock = Math.max(1, statement - Math.min(100, Math.round(statement / 10)));
  return `BEGIN; SET LOCAL statement_timeout = ${statement}; SET LOCAL lock_timeout = ${lock}`;
}

export class PoolTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PoolTimeoutError";
  }
}

export class ObservedPool extends pg.Pool {
  readonly settings: PoolSettings;
  private readonly counters = {
    acquisitions: 0,
    acquire_timeouts: 0,
    connections_opened: 0,
    connections_closed: 0,
    pre_ping_failures: 0,
    pre_pings_skipped: 0,
    leaks_detected: 0,
  };
  /** Checked-out connections, since when and where (the Error's stack is formatted only if it is reported). */
  private readonly held = new Map<pg.PoolClient, { since: number; takenAt: Error; reported: boolean }>();
  private readonly leakTimer: NodeJS.Timeout | null;
  private readonly waits: number[] = [];
  private waitCursor = 0;
  private readonly acquireListeners: ((waitedMs: number) => void)[] = [];
  /** Connections opened but not yet handed out: they need no ping. */
  private readonly fresh = new WeakSet<pg.PoolClient>();
  /** When each connection was last given back: a recent one needs no ping. */
  private readonly lastUsed = new WeakMap<pg.PoolClient, number>();

  constructor(settings: PoolSettings) {
    super({
      connectionString: settings.connectionString,
      min: settings.size,
      max: settings.size + settings.maxOverflow,
      idleTimeoutMillis: OVERFLOW_IDLE_MS,
      connectionTimeoutMillis: Math.round(settings.timeoutSeconds * 1000),
      maxLifetimeSeconds: settings.recycleSeconds || undefined,
      application_name: settings.applicationName,
    });
    this.settings = settings;
    // pg-pool's query(), bounded on the server: Postgres itself cancels the
    // statement when its time is up (and rolls it back), so a statement the app
    // stopped waiting for never finishes later. SET LOCAL holds through
    // PgBouncer in transaction mode, where a session setting would not.
    const unbounded = pg.Pool.prototype.query.bind(this) as (...args: unknown[]) => unknown;
    const target = targetOf(settings.connectionString);
    this.query = ((config: string | pg.QueryConfig, values?: unknown, callback?: unknown) => {
      const limit = settings.statementTimeoutMs ?? 0;
      if (typeof values === "function" || typeof callback === "function")
        return unbounded(...[config, values, callback].filter((a) => a !== undefined));
      const statement = (
        typeof config === "string" ? { text: config, values } : { ...config, values: values ?? config.values }
      ) as pg.QueryConfig;
      return tracedStatement(statement.text, target, () => {
        if (limit) return this.boundedQuery(statement, limit);
        const started = performance.now();
        return (unbounded(statement) as Promise<pg.QueryResult>).then((result) => {
          observeStatement(statement.text, statement.values, performance.now() - started);
          return result;
        });
      });
    }) as pg.Pool["query"];
    this.on("connect", (client) => {
      this.counters.connections_opened += 1;
      this.fresh.add(client);
      if (settings.debug) log.debug(`connect: ${this.totalCount} open`);
    });
    this.on("release", (_error: Error | undefined, client: pg.PoolClient) => {
      this.lastUsed.set(client, performance.now());
      this.held.delete(client);
    });
    this.on("remove", () => {
      this.counters.connections_closed += 1;
      if (settings.debug) log.debug(`remove: ${this.totalCount} open`);
    });
    // An idle connection that dies (server restart, pg_terminate_backend) emits
    // here; pg-pool drops it. Without a listener Node would crash the process.
    this.on("error", (error) => log.warn(`idle connection lost: ${maskSecrets(error.message)}`));
    const leakMs = settings.leakDetectionMs ?? 0;
    this.leakTimer = leakMs ? setInterval(() => this.reportLeaks(leakMs), Math.min(leakMs / 2, 5_000)) : null;
    this.leakTimer?.unref();
  }

  /** Like HikariCP's leakDetectionThreshold: each connection held too long is logged once, with where it was taken. */
  private reportLeaks(leakMs: number): void {
    const now = performance.now();
    for (const held of this.held.values()) {
      if (held.reported || now - held.since < leakMs) continue;
      held.reported = true;
      this.counters.leaks_detected += 1;
      const stack = held.takenAt.stack?.split("\n").slice(1).join("\n") ?? "(no stack)";
      log.warn(
        `a pool connection has been held for ${Math.round((now - held.since) / 1000)} s (DB_POOL_LEAK_DETECTION_MS ${leakMs}): a leak? It was taken at:\n${stack}`,
      );
    }
  }

  end(): Promise<void> {
    if (this.leakTimer) clearInterval(this.leakTimer);
    return super.end();
  }

  connect(): Promise<pg.PoolClient>;
  connect(
    callback: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: boolean | Error) => void,
    ) => void,
  ): void;
  connect(
    callback?: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: boolean | Error) => void,
    ) => void,
  ): Promise<pg.PoolClient> | void {
    const checkout = this.checkout();
    if (!callback) return checkout;
    checkout.then(
      (client) => callback(undefined, client, client.release),
      (error: Error) => callback(error, undefined, () => {}),
    );
  }

  private async boundedQuery(statement: pg.QueryConfig, limitMs: number): Promise<pg.QueryResult> {
    const started = performance.now();
    const client = await this.connect();
    // A connection that dies while checked out emits 'error' on the client, which nobody else hears
    // (pg-pool listens only to idle ones): unheard, it would crash the process. The query fails anyway.
    const ignore = () => {};
    client.on("error", ignore);
    let lost: Error | undefined;
    try {
      await client.query(beginBounded(limitMs - (performance.now() - started))).catch((error: Error) => {
        lost = error; // it could not even begin: the connection is not reused
        throw error;
      });
      try {
        const sent = performance.now();
        const result = await client.query(statement);
        observeStatement(statement.text, statement.values as unknown[] | undefined, performance.now() - sent);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A failed statement is rolled back; a connection that cannot even do that is not reused.
        lost = await client.query("ROLLBACK").then(
          () => undefined,
          (e: Error) => e,
        );
        throw error;
      }
    } finally {
      client.off("error", ignore);
      client.release(lost);
    }
  }

  /** Hears each checkout's wait (ms), e.g. for a histogram. */
  onAcquired(listener: (waitedMs: number) => void): void {
    this.acquireListeners.push(listener);
  }

  /** Opens the warm connections now rather than on the first requests. */
  async warm(): Promise<void> {
    const clients = await Promise.all(Array.from({ length: this.settings.size }, () => this.connect()));
    for (const client of clients) client.release();
  }

  status(): PoolStatus {
    const sorted = [...this.waits].sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 1000) / 1000;
    const total = this.totalCount;
    return {
      size: this.settings.size,
      max: this.settings.size + this.settings.maxOverflow,
      checked_in: this.idleCount,
      checked_out: total - this.idleCount,
      overflow: Math.max(0, total - this.settings.size),
      total_connections: total,
      waiting: this.waitingCount,
      leaked: [...this.held.values()].filter(
        (h) => performance.now() - h.since >= (this.settings.leakDetectionMs || Infinity),
      ).length,
      counters: { ...this.counters },
      acquire_wait_ms: {
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? 0),
        samples: sorted.length,
      },
    };
  }

  private async checkout(): Promise<pg.PoolClient> {
    const started = performance.now();
    // A dead connection is dropped and another tried; bounded so that a
    // server that refuses every ping cannot loop us forever.
    const attempts = this.settings.size + this.settings.maxOverflow + 1;
    for (let attempt = 1; ; attempt++) {
      const client = await this.acquireOrExplain();
      if (!this.settings.prePing || this.fresh.delete(client)) return this.handOut(client, started);
      // Like HikariCP: a connection that answered a moment ago is alive; only idle ones are asked.
      if (performance.now() - (this.lastUsed.get(client) ?? -Infinity) < (this.settings.prePingWindowMs ?? 0)) {
        this.counters.pre_pings_skipped += 1;
        return this.handOut(client, started);
      }
      // A dead socket also emits 'error' on the client; while it is checked
      // out nobody else listens, and an unheard 'error' would crash the process.
      const ignore = () => {};
      client.on("error", ignore);
      try {
        await client.query({ text: "SELECT 1", query_timeout: PRE_PING_TIMEOUT_MS } as pg.QueryConfig); // pg reads query_timeout per query; its types omit it
        return this.handOut(client, started);
      } catch (error) {
        this.counters.pre_ping_failures += 1;
        log.warn(`pre-ping failed, replacing connection: ${maskSecrets((error as Error).message)}`);
        client.release(error as Error);
        if (attempt >= attempts) throw error;
      } finally {
        client.off("error", ignore);
      }
    }
  }

  private async acquireOrExplain(): Promise<pg.PoolClient> {
    try {
      return await super.connect();
    } catch (error) {
      const message = (error as Error).message;
      if (!/timeout/i.test(message)) throw error;
      this.counters.acquire_timeouts += 1;
      const inUse = this.totalCount - this.idleCount;
      const max = this.settings.size + this.settings.maxOverflow;
      const detail = inUse < max ? " (the database did not accept a new connection in time)" : "";
      throw new PoolTimeoutError(
        `waited ${this.settings.timeoutSeconds}s for a connection: ${inUse} of ${max} in use${detail}`,
      );
    }
  }

  private handOut(client: pg.PoolClient, started: number): pg.PoolClient {
    const waited = performance.now() - started;
    this.counters.acquisitions += 1;
    if (this.leakTimer)
      this.held.set(client, { since: performance.now(), takenAt: new Error("taken"), reported: false });
    if (this.waits.length < WAIT_SAMPLES) this.waits.push(waited);
    else this.waits[this.waitCursor++ % WAIT_SAMPLES] = waited;
    for (const listener of this.acquireListeners) listener(waited);
    return client;
  }
}
