// What the cache did: hits (from Redis, and of those from the near cache),
// calls answered by another caller's query for the same key (single flight),
// misses, Redis errors, and the time saved, from what each query costs on a miss.

/** hitRatio is the share of calls answered without a query of their own. */
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

export class CacheStats {
  hits = 0;
  nearHits = 0;
  shared = 0;
  misses = 0;
  errors = 0;
  private timeSavedMs = 0;
  private readonly missMs = new Map<string, number>();

  /** A hit for `name` that took `ms` to answer. */
  hit(name: string, ms: number, near = false): void {
    this.hits += 1;
    if (near) this.nearHits += 1;
    this.timeSavedMs += Math.max(0, (this.missMs.get(name) ?? 0) - ms);
  }

  missed(): void {
    this.misses += 1;
  }

  /** `name`'s query took `ms` on a miss: a moving average of what it costs. */
  queryTook(name: string, ms: number): void {
    const previous = this.missMs.get(name);
    this.missMs.set(name, previous === undefined ? ms : previous * 0.8 + ms * 0.2);
  }

  counters(): CacheCounters {
    const answered = this.hits + this.shared;
    const lookups = answered + this.misses;
    return {
      hits: this.hits,
      nearHits: this.nearHits,
      shared: this.shared,
      misses: this.misses,
      errors: this.errors,
      timeSavedMs: Math.round(this.timeSavedMs),
      hitRatio: lookups ? answered / lookups : 0,
    };
  }
}
