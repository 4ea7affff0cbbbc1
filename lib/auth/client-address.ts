// The client's address as the app sees it: the header server.ts (the front
// door) sets on every request from the socket or the trusted proxies, and
// never from anything a client wrote. Under another server (next dev, next
// start) nothing sets it that a client could not forge: the address is
// "unknown", and that is said once in the log.
import { CLIENT_ADDRESS_HEADER, FRONT_DOOR_MARK } from "@/lib/front-door/client-address";
import { logger } from "@/lib/log/logger";

let warned = false;

export function clientAddressOf(headers: Record<string, unknown> | Headers | undefined): string {
  // eslint-disable-next-line no-restricted-properties -- server.ts marks the process it runs in
  if (process.env[FRONT_DOOR_MARK] !== "1") {
    if (!warned) logger("auth").warn("client addresses are unknown: start the app with `npm start` (server.ts)");
    warned = true;
    return "unknown";
  }
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers?.[CLIENT_ADDRESS_HEADER];
  return typeof value === "string" && value ? value.slice(0, 64) : "unknown";
}
