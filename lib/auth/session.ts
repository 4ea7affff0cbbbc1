// The signed-in user, read fresh from the database on every request, so that a
// changed role or a disabled account takes effect at once, not at expiry; and
// so that a database that does not answer is reported as such (next-auth
// would swallow the error and answer "signed out").
import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "@/lib/auth/options";
import type { Role } from "@/lib/auth/roles";
import { getUser } from "@/lib/db/queries/users";

export type SessionUser = { id: number; email: string; name: string; role: Role };

/** Memoised per request: the layout and the page ask, one lookup answers both. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  if (typeof session?.uid !== "number") return null;
  const user = await getUser(session.uid); // a database that does not answer throws here: "unavailable"
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});
