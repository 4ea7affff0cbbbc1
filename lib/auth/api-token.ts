// Bearer tokens for machines (the scanner, Prometheus): compared in constant
// time, so the answer's timing tells nothing about how much of a guess was right.
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import type { TokenName } from "@/lib/auth/roles";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** True when the request carries `Authorization: Bearer <the token in setting name>`; false when it is not set. */
export function hasValidToken(request: Request, name: TokenName): boolean {
  const expected = env()[name];
  if (!expected) return false;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  // Hashing first makes both sides the same length, as timingSafeEqual requires.
  return match !== null && timingSafeEqual(digest(match[1]), digest(expected));
}
