// cached(query, run): a query's result through Redis with a per-kind TTL,
// falling back to Postgres, never to an error, when Redis is down. Its parts:
// keys (keys.ts), the Redis tier (redis-tier.ts, lookup.ts), tag versions for
// invalidation (tags.ts), the circuit that skips a failing Redis (circuit.ts),
// the in-process near cache (near-cache.ts) kept honest by pub/sub
// (invalidations.ts), and the counters (stats.ts). Here they are put together,
// with single flight: concurrent calls for one key share one lookup and one query.
import { noteOnSpan, traced, tracingOn } from "@/lib/tracing/spans";
import type { Redis } from "ioredis";
import { waitUntilReady } from "@/lib/db/redis";
import { RedisCircuit, type CircuitOptions } from "@/lib/db/cache/circuit";
import { EVERYTHING, InvalidationListener, invalidationChannel } from "@/lib/db/cache/invalidations";
import { cacheKey, type QueryKey } from "@/lib/db/cache/keys";
import { NearCache, type NearEntry, type NearStats } from "@/lib/db/cache/near-cache";
import { RedisTier } from "@/lib/db/cache/redis-tier";
import { CacheStats, type CacheCounters } from "@/lib/db/cache/stats";
import { TagVersions } from "@/lib/db/cache/tags";

export type CacheKind = "tickers" | "scans" | "watchlists" | "alerts" | "insights";

export type CacheOptions = CircuitOptions & {
  prefix: string;
  /** Seconds an entry of each kind lives. */
  ttls: Record<CacheKind, number>;
  /** How long one Redis call may take before the query goes to Postgres (default 50 ms). */
  timeoutMs?: number;
  /** The in-process tier's bounds, or false to go to Redis every time. */
  near?: { maxEntries?: number; maxBytes?: number } | false;
};

export type CachedQuery = QueryKey & {
  kind: CacheKind;
  /** What writes invalidate this entry (e.g. "scans", "watchlists:user:3"). */
  tags: string[];
};

/** How one load may be shared and kept (the read replicas' rules: cachedRead in lib/db/cache/index.ts). */
export type LoadRules = {
  /** Loads are shared only between callers with the same value (a reader whose own writes must show shares with no one else). */
  sharedAs?: string;
  /** Asked before the loaded value is stored: false keeps it out of the cache (it is still returned). */
  keep?: () => Promise<boolean>;
};

export type { CacheCounters };

export class QueryCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly stats = new CacheStats();
  private readonly circuit: RedisCircuit;
  private readonly tags: TagVersions;
  private readonly tier: RedisTier;
  /** The in-process tier (null when turned off), usable only while the invalidation channel is subscribed. */
  private readonly near: NearCache | null;
  private readonly invalidations: InvalidationListener | null;

  constructor(
    private readonly redis: Redis,
    private readonly options: CacheOptions,
  ) {
    const channel = invalidationChannel(options.prefix);
    this.circuit = new RedisCircuit(redis, options);
    this.tags = new TagVersions(redis, options.prefix, channel, this.circuit, (e) => this.failed(e), this.timeoutMs);
    this.tier = new RedisTier(redis, this.circuit, (e) => this.failed(e), this.timeoutMs);
    this.near = options.near === false ? null : new NearCache(options.near?.maxEntries, options.near?.maxBytes);
    this.invalidations = this.near ? new InvalidationListener(redis, channel, this.near) : null;
  }

  key(query: QueryKey): string {
    return cacheKey(this.options.prefix, query);
  }

  /** Runs `run` once per key at a time; a cached result is returned without running it. */
  cached<T>(query: CachedQuery, run: () => Promise<T>, rules: LoadRules = {}): Promise<T> {
    if (!tracingOn()) return this.lookup(query, run, rules);
    // The key is left out: it holds the query's parameters.
    const attributes = { "legendai.cache.query": query.name, "legendai.cache.kind": query.kind };
    return traced(`cache ${query.name}`, attributes, () => this.lookup(query, run, rules), { inTraceOnly: true });
  }

  private lookup<T>(query: CachedQuery, run: () => Promise<T>, rules: LoadRules): Promise<T> {
    const base = this.key(query);
    // The common case answers synchronously: no promise chain, no in-flight entry.
    const near = this.tags.anyOwed ? undefined : this.nearHit(query, base);
    if (near) return Promise.resolve(near.value as T);
    const flight = rules.sharedAs ? `${base}@${rules.sharedAs}` : base;
    const pending = this.inFlight.get(flight);
    if (pending) {
      this.stats.shared += 1;
      noteOnSpan({ "legendai.cache.hit": false, "legendai.cache.result": "shared" });
      return pending as Promise<T>;
    }
    const promise = this.lookupOrRun(query, base, run, rules).finally(() => this.inFlight.delete(flight));
    this.inFlight.set(flight, promise);
    return promise;
  }

  /** Makes every entry carrying one of these tags stale (call after a write), here and on every instance. */
  async invalidate(tags: string[]): Promise<void> {
    this.near?.dropTags(tags);
    await this.tags.bump(tags);
  }

  /** Drops every cached result (after a restore, everything may have changed). Returns how many. */
  async clear(): Promise<number> {
    this.near?.clear();
    if (!(await waitUntilReady(this.redis, 1_000))) throw new Error(`Redis is ${this.redis.status}`);
    await this.redis.publish(invalidationChannel(this.options.prefix), JSON.stringify([EVERYTHING])); // every instance's near entries go too
    return this.tier.deleteAll(`${this.options.prefix}q:*`);
  }

  counters(): CacheCounters {
    return this.stats.counters();
  }

  /** The near cache's size against its bounds (the overview shows it). */
  nearStats(): NearStats | null {
    return this.near?.stats() ?? null;
  }

  /** Stops listening for invalidations (tests; a server runs until it exits). */
  close(): void {
    this.invalidations?.close();
  }

  /** Whether the invalidation channel is subscribed (the near cache is used only then). */
  get subscribed(): boolean {
    return this.invalidations?.subscribed ?? false;
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 50;
  }

  private async lookupOrRun<T>(query: CachedQuery, base: string, run: () => Promise<T>, rules: LoadRules): Promise<T> {
    const started = performance.now();
    const owed = !(await this.tags.payOwed()) && this.tags.isOwed(query.tags);
    const near = owed ? undefined : this.nearHit(query, base);
    if (near) return near.value as T;
    const found = owed ? null : await this.tier.find<T>(this.tags.keysOf(query.tags), base);
    if (found && "value" in found) {
      if (this.nearUsable() && found.pttl > 0) this.keepNear(query, base, found.value, found.pttl, found.bytes);
      this.stats.hit(query.name, performance.now() - started);
      noteOnSpan({ "legendai.cache.hit": true, "legendai.cache.result": "hit" });
      return found.value as T;
    }
    this.stats.missed();
    noteOnSpan({ "legendai.cache.hit": false, "legendai.cache.result": "miss" });
    const queryStarted = performance.now();
    const value = await run();
    this.stats.queryTook(query.name, performance.now() - queryStarted);
    if (found && (!rules.keep || (await rules.keep()))) {
      const ttl = this.options.ttls[query.kind];
      const bytes = await this.tier.store(found.key, value, ttl);
      // Only what Redis holds may be kept near, and no longer than Redis keeps it.
      if (bytes !== null && this.nearUsable()) this.keepNear(query, base, value, ttl * 1000, bytes);
    }
    return value;
  }

  private keepNear(query: CachedQuery, base: string, value: unknown, lifeMs: number, bytes: number): void {
    this.near!.set(base, { value, tags: query.tags, expiresAt: Date.now() + lifeMs, bytes });
  }

  private nearUsable(): boolean {
    return this.subscribed && this.near !== null;
  }

  private nearHit(query: CachedQuery, base: string): NearEntry | undefined {
    const entry = this.nearUsable() ? this.near!.get(base) : undefined;
    if (entry) {
      this.stats.hit(query.name, 0, true);
      noteOnSpan({ "legendai.cache.hit": true, "legendai.cache.result": "near-hit" });
    }
    return entry;
  }

  private failed(error: Error): void {
    this.stats.errors += 1;
    this.circuit.failed(error);
  }
}
