// The signed-in user, read fresh from the database on every request, so that
// a changed role or a disabled account takes effect at once, not at expiry.
import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getUser } from "@/lib/db/queries/users";
import { authOptions } from "@/lib/auth/options";
import type { Role } from "@/lib/auth/roles";

export type SessionUser = { id: number; email: string; name: string; role: Role };

/** Memoised per request: the layout and the page ask, one lookup answers both. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const id = Number(session?.user?.id);
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const user = await getUser(id);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});
