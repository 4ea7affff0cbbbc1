// Tag versions: every cached key embeds the current version of its tags, and a
// write bumps them (one INCR each), so readers stop seeing the old entry at
// once and a slow query that began before the write cannot put stale data
// back. The bump is published too: every instance drops its near entries.
// Read-your-writes in every Redis state: a bump that cannot be written is
// owed, and until it is written, queries with that tag skip Redis.
import type { Redis } from "ioredis";
import { withinMs } from "@/lib/db/redis";
import { tagKey } from "@/lib/db/cache/keys";
import type { RedisCircuit } from "@/lib/db/cache/circuit";

export class TagVersions {
  private readonly owed = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Where bumps are announced (lib/db/cache/invalidations.ts listens). */
    private readonly channel: string,
    private readonly circuit: RedisCircuit,
    private readonly onFailure: (error: Error) => void,
    private readonly timeoutMs: number,
  ) {}

  keysOf(tags: string[]): string[] {
    return tags.map((tag) => tagKey(this.prefix, tag));
  }

  get anyOwed(): boolean {
    return this.owed.size > 0;
  }

  isOwed(tags: string[]): boolean {
    return tags.some((tag) => this.owed.has(tag));
  }

  /** Makes every entry carrying one of these tags stale; owed if Redis cannot take it now. */
  async bump(tags: string[]): Promise<void> {
    for (const tag of tags) this.owed.add(tag);
    await this.payOwed();
  }

  /** Writes the owed bumps; true when none is owed any more. */
  async payOwed(): Promise<boolean> {
    if (this.owed.size === 0) return true;
    if (!this.circuit.usable()) return false;
    const tags = [...this.owed];
    try {
      const pipeline = this.redis.pipeline();
      for (const key of this.keysOf(tags)) pipeline.incr(key);
      pipeline.publish(this.channel, JSON.stringify(tags));
      const results = await withinMs(pipeline.exec(), this.timeoutMs);
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
      for (const tag of tags) this.owed.delete(tag);
      return this.owed.size === 0;
    } catch (error) {
      this.onFailure(error as Error);
      return false;
    }
  }
}
