// @cache_query(ttl, key_prefix) for TypeScript: cached(...) runs a
// query through Redis with a per-kind TTL, and falls back to Postgres — never
// to an error — when Redis is down.
//
// Beyond a plain TTL cache:
// - tags: every key embeds the current version of its tags; a write bumps the
//   version (one INCR), so readers stop seeing the old entry at once, and a
//   slow query that started before the write cannot put stale data back.
// - single flight: concurrent calls for one key share one lookup and one query.
// - a down Redis fails at once (no offline queue); a hung one costs each call
//   at most the 50 ms command timeout (measured so that a busy event loop does
//   not count as a slow Redis), and after three failures in a row a circuit
//   breaker skips Redis for a few seconds.
// - read-your-writes in every Redis state: a tag bump that cannot be written
//   is owed; until it is written, queries with that tag skip Redis.
import { createHash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import type { Redis } from "ioredis";
import { processEnv } from "@/lib/env";
import { redis } from "@/lib/db/client";
import { waitUntilReady, withinMs } from "@/lib/db/redis";
import { throttledWarning } from "@/lib/log/logger";
import { NearCache, type NearEntry, type NearStats } from "@/lib/db/near-cache";

export type CacheKind = "tickers" | "scans" | "watchlists" | "alerts" | "insights";

export type CacheOptions = {
  prefix: string;
  /** Seconds per kind (insights default to 30). */
  ttls: Record<Exclude<CacheKind, "insights">, number> & { insights?: number };
  /** How long Redis is skipped once the circuit opens. */
  circuitOpenMs?: number;
  /** Failures in a row that open the circuit (one slow reply on a busy event loop should not). */
  failuresToOpen?: number;
  /** How long one Redis call may take before the query goes to Postgres (default 50 ms). */
  timeoutMs?: number;
  /** The in-process tier's bounds, or false to go to Redis every time. */
  near?: { maxEntries?: number; maxBytes?: number } | false;
};

/**
 * hits: answered from Redis; shared: answered by another caller's query for the
 * same key, already running (single flight); misses: ran the query. hitRatio is
 * the share of calls answered without a query of their own.
 */
export type CacheCounters = {
  hits: number;
  /** Of the hits, those answered in-process (the near cache), without asking Redis. */
  nearHits: number;
  shared: number;
  misses: number;
  errors: number;
  hitRatio: number;
  timeSavedMs: number;
};

export type CachedQuery = {
  /** The query's name: part of the key, and what time saved is tracked by. */
  name: string;
  params: Record<string, unknown>;
  kind: CacheKind;
  /** What writes invalidate this entry (e.g. "scans", "watchlists:user:3"). */
  tags: string[];
};

/** Reads the tag versions, builds the versioned key, GETs it and its remaining life (ms): one round trip. */
const LOOKUP_SCRIPT = `
local versions = {}
for i, key in ipairs(KEYS) do versions[i] = redis.call('GET', key) or '0' end
local key = ARGV[1] .. '@' .. table.concat(versions, '.')
local value = redis.call('GET', key)
return { key, value, value and redis.call('PTTL', key) or -2 }
`;

/** The invalidation message that drops every near entry (after a restore). */
const EVERYTHING = "*";

/** Database statistics change slowly and cost a little to read: 30 s is fresh enough. */
const INSIGHTS_TTL_S = 30;

type LookupRedis = Redis & {
  cacheLookupTtlBuffer(numKeys: number, ...keysAndArgs: string[]): Promise<[Buffer, Buffer | null, number]>;
};

/**
 * Values are stored in V8's structured-clone format: dates, bigints and maps
 * survive, and decoding is about twice as fast as superjson (npm run bench).
 * Undefined means the bytes are not a value (an entry written by an older
 * version): a miss, not a Redis failure.
 */
function decode<T>(payload: Buffer): T | undefined {
  try {
    return deserialize(payload) as T;
  } catch {
    return undefined;
  }
}

/** Same parameters in any order, undefined left out, dates as ISO text: same key. */
export function normaliseParams(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normaliseParams);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, normaliseParams((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value === "bigint" ? value.toString() : value;
}

export class QueryCache {
  private readonly lookupRedis: LookupRedis;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly missMs = new Map<string, number>();
  private readonly stats = { hits: 0, shared: 0, misses: 0, errors: 0, timeSavedMs: 0, nearHits: 0 };
  private circuitOpenUntil = 0;
  /** Tags whose bump could not be written: Redis may hold entries from before a write. */
  private readonly owedBumps = new Set<string>();
  /** The in-process tier (null when turned off); usable only while the invalidation channel is subscribed. */
  private readonly near: NearCache | null;
  private subscriber: Redis | null = null;
  private subscribed = false;
  private consecutiveFailures = 0;
  private readonly warn = throttledWarning("cache");

  constructor(
    private readonly redis: Redis,
    private readonly options: CacheOptions,
  ) {
    this.near = options.near === false ? null : new NearCache(options.near?.maxEntries, options.near?.maxBytes);
    this.lookupRedis = redis as LookupRedis;
    if (!("cacheLookupTtl" in redis)) redis.defineCommand("cacheLookupTtl", { lua: LOOKUP_SCRIPT });
    if (options.near !== false) this.listenForInvalidations();
  }

  key(query: Pick<CachedQuery, "name" | "params">): string {
    const digest = createHash("sha1")
      .update(JSON.stringify(normaliseParams(query.params)))
      .digest("base64url");
    return `${this.options.prefix}q:${query.name}:${digest}`;
  }

  private tagKey(tag: string): string {
    return `${this.options.prefix}tag:${tag}`;
  }

  /** Runs `run` once per key at a time; a cached result is returned without running it. */
  cached<T>(query: CachedQuery, run: () => Promise<T>): Promise<T> {
    const base = this.key(query);
    // The common case answers synchronously: no promise chain, no in-flight entry.
    const near = this.owedBumps.size === 0 ? this.nearHit(query, base) : undefined;
    if (near) return Promise.resolve(near.value as T);
    const pending = this.inFlight.get(base);
    if (pending) {
      this.stats.shared += 1;
      return pending as Promise<T>;
    }
    const promise = this.lookupOrRun(query, base, run).finally(() => this.inFlight.delete(base));
    this.inFlight.set(base, promise);
    return promise;
  }

  /**
   * Makes every entry carrying one of these tags stale (call after a write).
   * If Redis cannot take the bump now, it is owed: this process reads those
   * tags from Postgres until the bump is written.
   */
  async invalidate(tags: string[]): Promise<void> {
    this.near?.dropTags(tags);
    for (const tag of tags) this.owedBumps.add(tag);
    await this.payOwedBumps();
  }

  /** Other instances' invalidations drop this instance's near entries within milliseconds. */
  private listenForInvalidations(): void {
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on("error", () => {}); // the main connection reports Redis being down
    subscriber.on("close", () => {
      this.subscribed = false;
      this.near?.clear(); // invalidations may be missed while away: start from Redis again
    });
    subscriber.on("message", (_channel: string, message: string) => {
      const tags = JSON.parse(message) as string[];
      if (tags.includes(EVERYTHING)) this.near?.clear();
      else this.near?.dropTags(tags);
    });
    subscriber.on("ready", () => {
      subscriber.subscribe(this.channel()).then(
        () => (this.subscribed = true),
        () => (this.subscribed = false),
      );
    });
  }

  private channel(): string {
    return `${this.options.prefix}invalidate`;
  }

  /** The near cache's size against its bounds (the overview shows it). */
  nearStats(): NearStats | null {
    return this.near?.stats() ?? null;
  }

  /** Stops listening for invalidations (tests; a server runs until it exits). */
  close(): void {
    this.subscriber?.disconnect();
  }

  /** Writes the owed tag bumps; true when none is owed any more. */
  private async payOwedBumps(): Promise<boolean> {
    if (this.owedBumps.size === 0) return true;
    if (!this.redisUsable()) return false;
    const tags = [...this.owedBumps];
    try {
      const pipeline = this.redis.pipeline();
      for (const tag of tags) pipeline.incr(this.tagKey(tag));
      pipeline.publish(this.channel(), JSON.stringify(tags));
      const results = await withinMs(pipeline.exec(), this.timeoutMs);
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
      for (const tag of tags) this.owedBumps.delete(tag);
      return this.owedBumps.size === 0;
    } catch (error) {
      this.failed(error as Error);
      return false;
    }
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 50;
  }

  /** Drops every cached result (after a restore, everything may have changed). Returns how many. */
  async clear(): Promise<number> {
    this.near?.clear();
    if (!(await waitUntilReady(this.redis, 1_000))) throw new Error(`Redis is ${this.redis.status}`);
    await this.redis.publish(this.channel(), JSON.stringify([EVERYTHING])); // every instance's near entries go too
    let cursor = "0";
    let removed = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", `${this.options.prefix}q:*`, "COUNT", 1000);
      if (keys.length) removed += await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    return removed;
  }

  counters(): CacheCounters {
    const answered = this.stats.hits + this.stats.shared;
    const lookups = answered + this.stats.misses;
    return {
      ...this.stats,
      timeSavedMs: Math.round(this.stats.timeSavedMs),
      hitRatio: lookups ? answered / lookups : 0,
    };
  }

  private async lookupOrRun<T>(query: CachedQuery, base: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let key: string | undefined;
    const owed = !(await this.payOwedBumps()) && query.tags.some((tag) => this.owedBumps.has(tag));
    const nearUsable = !owed && this.nearUsable(query);
    const near = nearUsable ? this.nearHit(query, base) : undefined;
    if (near) return near.value as T;
    if (!owed && this.redisUsable()) {
      try {
        const tagKeys = query.tags.map((t) => this.tagKey(t));
        const [versioned, payload, pttl] = await withinMs(
          this.lookupRedis.cacheLookupTtlBuffer(tagKeys.length, ...tagKeys, base),
          this.timeoutMs,
        );
        key = versioned.toString();
        this.consecutiveFailures = 0;
        const value = payload === null ? undefined : decode<T>(payload);
        if (payload !== null && value !== undefined) {
          if (nearUsable && pttl > 0)
            this.near!.set(base, { value, tags: query.tags, expiresAt: Date.now() + pttl, bytes: payload.length });
          this.stats.hits += 1;
          this.stats.timeSavedMs += Math.max(0, (this.missMs.get(query.name) ?? 0) - (performance.now() - started));
          return value;
        }
      } catch (error) {
        this.failed(error as Error);
      }
    }
    this.stats.misses += 1;
    const queryStarted = performance.now();
    const value = await run();
    this.rememberMissTime(query.name, performance.now() - queryStarted);
    if (key && this.redisUsable()) {
      // Awaited so that the next call finds it; a failing SET costs only the cache.
      const payload = serialize(value);
      const ttl = this.options.ttls[query.kind] ?? INSIGHTS_TTL_S;
      const stored = await withinMs(this.redis.set(key, payload, "EX", ttl), this.timeoutMs).then(
        () => true,
        (e: Error) => (this.failed(e), false),
      );
      // Only what Redis holds may be kept near, and no longer than Redis keeps it.
      if (stored && nearUsable)
        this.near!.set(base, { value, tags: query.tags, expiresAt: Date.now() + ttl * 1000, bytes: payload.length });
    }
    return value;
  }

  private nearUsable(query: CachedQuery): boolean {
    return this.subscribed && this.near !== null && query.kind !== "insights";
  }

  private nearHit(query: CachedQuery, base: string): NearEntry | undefined {
    const entry = this.nearUsable(query) ? this.near!.get(base) : undefined;
    if (entry) {
      this.stats.hits += 1;
      this.stats.nearHits += 1;
      this.stats.timeSavedMs += this.missMs.get(query.name) ?? 0;
    }
    return entry;
  }

  private rememberMissTime(name: string, ms: number): void {
    const previous = this.missMs.get(name);
    this.missMs.set(name, previous === undefined ? ms : previous * 0.8 + ms * 0.2);
  }

  private redisUsable(): boolean {
    return this.redis.status === "ready" && Date.now() >= this.circuitOpenUntil;
  }

  private failed(error: Error): void {
    this.stats.errors += 1;
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= (this.options.failuresToOpen ?? 3)) {
      this.circuitOpenUntil = Date.now() + (this.options.circuitOpenMs ?? 5_000);
      this.consecutiveFailures = 0;
    }
    this.warn(`Redis failed (${error.message}); answering from Postgres for the next few seconds`);
  }
}

const store = globalThis as typeof globalThis & { __legendaiCache?: QueryCache };

/** The configured key prefix and per-kind TTLs (the process's own settings). */
export function cacheOptionsFromEnv(): CacheOptions {
  const e = processEnv();
  return {
    prefix: e.REDIS_KEY_PREFIX,
    ttls: {
      tickers: e.CACHE_TTL_TICKERS,
      scans: e.CACHE_TTL_SCANS,
      watchlists: e.CACHE_TTL_WATCHLISTS,
      alerts: e.CACHE_TTL_ALERTS,
    },
  };
}

/** This process's cache, over the shared Redis connection and the configured TTLs. */
export function queryCache(): QueryCache {
  store.__legendaiCache ??= new QueryCache(redis(), cacheOptionsFromEnv());
  return store.__legendaiCache;
}

/** The cache decorator, as a wrapper: `cached({ name, params, kind, tags }, () => query)`. */
export function cached<T>(query: CachedQuery, run: () => Promise<T>): Promise<T> {
  return queryCache().cached(query, run);
}

export function invalidate(tags: string[]): Promise<void> {
  return queryCache().invalidate(tags);
}
