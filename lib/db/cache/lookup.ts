// One round trip per lookup: a Lua script reads the tag versions, builds the
// versioned key, and returns the value and its remaining life. Values are in
// V8's structured-clone format: dates, bigints and maps survive, and decoding
// is about twice as fast as superjson (npm run bench).
import { deserialize, serialize } from "node:v8";
import type { Redis } from "ioredis";

const LOOKUP_SCRIPT = `
local versions = {}
for i, key in ipairs(KEYS) do versions[i] = redis.call('GET', key) or '0' end
local key = ARGV[1] .. '@' .. table.concat(versions, '.')
local value = redis.call('GET', key)
return { key, value, value and redis.call('PTTL', key) or -2 }
`;

type LookupRedis = Redis & {
  cacheLookupTtlBuffer(numKeys: number, ...keysAndArgs: string[]): Promise<[Buffer, Buffer | null, number]>;
};

/** The versioned key, the stored bytes (null on a miss) and their remaining life in ms. */
export type Found = { key: string; payload: Buffer | null; pttl: number };

export function defineLookup(redis: Redis): (tagKeys: string[], base: string) => Promise<Found> {
  if (!("cacheLookupTtl" in redis)) redis.defineCommand("cacheLookupTtl", { lua: LOOKUP_SCRIPT });
  return async (tagKeys, base) => {
    const [key, payload, pttl] = await (redis as LookupRedis).cacheLookupTtlBuffer(tagKeys.length, ...tagKeys, base);
    return { key: key.toString(), payload, pttl };
  };
}

export const encode = (value: unknown): Buffer => serialize(value);

/** Undefined means the bytes are not a value (an entry written by an older version): a miss, not a Redis failure. */
export function decode<T>(payload: Buffer): T | undefined {
  try {
    return deserialize(payload) as T;
  } catch {
    return undefined;
  }
}
