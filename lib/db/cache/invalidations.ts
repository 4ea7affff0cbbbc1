// Other instances' invalidations, heard over Redis pub/sub on a connection of
// its own: a published tag drops this instance's near entries within
// milliseconds. While the channel is not subscribed (Redis away), the near
// cache is not used at all: an invalidation could be missed.
import type { Redis } from "ioredis";
import type { NearCache } from "@/lib/db/cache/near-cache";

/** The invalidation message that drops every near entry (after a restore). */
export const EVERYTHING = "*";

export const invalidationChannel = (prefix: string) => `${prefix}invalidate`;

/** The tags an invalidation message names, or null when it is not a JSON list of strings. */
function tagsIn(message: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(message);
    return Array.isArray(parsed) && parsed.every((t) => typeof t === "string") ? parsed : null;
  } catch {
    return null;
  }
}

export class InvalidationListener {
  private readonly subscriber: Redis;
  subscribed = false;

  constructor(redis: Redis, channel: string, near: NearCache) {
    const subscriber = redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on("error", () => {}); // the main connection reports Redis being down
    subscriber.on("close", () => {
      this.subscribed = false;
      near.clear(); // invalidations may be missed while away: start from Redis again
    });
    subscriber.on("message", (_channel: string, message: string) => {
      const tags = tagsIn(message);
      // A message that is not a list of tags (another version, a hand-typed PUBLISH) may still mean
      // "something changed": dropping every near entry is always safe; throwing here would end the process.
      if (!tags || tags.includes(EVERYTHING)) near.clear();
      else near.dropTags(tags);
    });
    subscriber.on("ready", () => {
      subscriber.subscribe(channel).then(
        () => (this.subscribed = true),
        () => (this.subscribed = false),
      );
    });
  }

  close(): void {
    this.subscriber.disconnect();
  }
}
