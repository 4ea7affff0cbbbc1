// Who is calling: the address of the TCP peer, or, behind `hops` proxies we
// trust, the address the outermost of them saw. Each proxy appends the
// address it received the request from to X-Forwarded-For, so only the last
// `hops` entries were written by proxies we trust; everything to their left
// was written by the client and is ignored.
import { isIP } from "node:net";

/** Set in the environment by server.ts: only then is CLIENT_ADDRESS_HEADER the front door's (a client's copy is replaced). */
export const FRONT_DOOR_MARK = "LEGENDAI_FRONT_DOOR";

/** The header the front door sets on every request (any copy a client sends is replaced). */
export const CLIENT_ADDRESS_HEADER = "x-client-address";

/** Headers that only a trusted proxy may set: dropped when no proxy is trusted. */
export const PROXY_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "forwarded",
  "x-real-ip",
];

/** "::ffff:127.0.0.1" → "127.0.0.1"; anything that is not an IP address → null. */
export function normaliseAddress(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  const address =
    trimmed.toLowerCase().startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
  return isIP(address) ? address : null;
}

/**
 * The client's address. `forwardedFor` is every X-Forwarded-For header value,
 * in order. With hops = 0 it is the socket's peer; with hops = n it is the
 * entry n - 1 places from the right of X-Forwarded-For (the one the outermost
 * trusted proxy appended). A header shorter than that, or an entry that is not
 * an address, means the request did not come through the proxies: the peer's
 * address is used, never a value the client chose.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string[], hops: number): string {
  const socket = normaliseAddress(peer) ?? "unknown";
  if (hops === 0) return socket;
  const entries = forwardedFor.flatMap((value) => value.split(",")).map((entry) => entry.trim());
  const index = entries.length - hops;
  if (index < 0) return socket;
  return normaliseAddress(entries[index]) ?? socket;
}
