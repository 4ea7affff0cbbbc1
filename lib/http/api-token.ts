// The scanner's bulk-upload token: compared in constant time, so the answer's
// timing tells nothing about how much of a guess was right.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** True when the request carries `Authorization: Bearer <expected>`; false when no token is configured. */
export function hasValidToken(request: Request, expected: string | undefined): boolean {
  if (!expected) return false;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  // Hashing first makes both sides the same length, as timingSafeEqual requires.
  return match !== null && timingSafeEqual(digest(match[1]), digest(expected));
}
