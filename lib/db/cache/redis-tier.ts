// The Redis tier: a versioned entry looked up in one round trip and stored
// with its kind's TTL. Each call is bounded by the command timeout (measured
// so that a busy event loop does not count as a slow Redis) and skipped while
// the circuit is open; a failure costs only the cache.
import type { Redis } from "ioredis";
import { withinMs } from "@/lib/db/redis";
import type { RedisCircuit } from "@/lib/db/cache/circuit";
import { decode, defineLookup, encode, type Found } from "@/lib/db/cache/lookup";

/** A value found (`value` set), or the versioned key to store one under. */
export type Lookup<T> = { key: string; value?: T; bytes: number; pttl: number };

export class RedisTier {
  private readonly lookup: (tagKeys: string[], base: string) => Promise<Found>;

  constructor(
    private readonly redis: Redis,
    private readonly circuit: RedisCircuit,
    private readonly onFailure: (error: Error) => void,
    private readonly timeoutMs: number,
  ) {
    this.lookup = defineLookup(redis);
  }

  /** Null when Redis cannot be asked now. */
  async find<T>(tagKeys: string[], base: string): Promise<Lookup<T> | null> {
    if (!this.circuit.usable()) return null;
    try {
      const { key, payload, pttl } = await withinMs(this.lookup(tagKeys, base), this.timeoutMs);
      this.circuit.succeeded();
      const value = payload === null ? undefined : decode<T>(payload);
      return value === undefined ? { key, bytes: 0, pttl } : { key, value, bytes: payload!.length, pttl };
    } catch (error) {
      this.onFailure(error as Error);
      return null;
    }
  }

  /** Stores `value` under `key` for `ttlSeconds`; the bytes stored, or null when it was not. */
  async store(key: string, value: unknown, ttlSeconds: number): Promise<number | null> {
    if (!this.circuit.usable()) return null;
    const payload = encode(value);
    return withinMs(this.redis.set(key, payload, "EX", ttlSeconds), this.timeoutMs).then(
      () => payload.length,
      (error: Error) => (this.onFailure(error), null),
    );
  }

  /** Deletes every key matching `pattern`; returns how many. */
  async deleteAll(pattern: string): Promise<number> {
    let cursor = "0";
    let removed = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length) removed += await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    return removed;
  }
}
