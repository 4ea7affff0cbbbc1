// The signed-in user, read fresh from the database on every request (by the
// session callback in options.ts), so that a changed role or a disabled
// account takes effect at once, not at expiry.
import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "@/lib/auth/options";
import type { Role } from "@/lib/auth/roles";

export type SessionUser = { id: number; email: string; name: string; role: Role };

/** Memoised per request: the layout and the page ask, one lookup answers both. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  return session?.user ?? null;
});
