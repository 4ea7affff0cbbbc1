// Cache keys: the query's name and its parameters normalised, so that the same
// parameters in any order, with or without undefined ones, are one entry.
import { createHash } from "node:crypto";

export type QueryKey = {
  /** The query's name: part of the key, and what time saved is tracked by. */
  name: string;
  params: Record<string, unknown>;
};

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

/** The entry's base key (its tags' versions are appended when it is looked up). */
export function cacheKey(prefix: string, query: QueryKey): string {
  const digest = createHash("sha1")
    .update(JSON.stringify(normaliseParams(query.params)))
    .digest("base64url");
  return `${prefix}q:${query.name}:${digest}`;
}

export const tagKey = (prefix: string, tag: string) => `${prefix}tag:${tag}`;
