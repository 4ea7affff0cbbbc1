// next-auth: email + password against the users table, JWT sessions that
// expire, sign-ins recorded in the audit log.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/db/queries/audit";
import { verifyCredentials } from "@/lib/db/queries/users";
import { safeRedirect } from "@/lib/auth/callback-url";
import {
  accountKey,
  addressKey,
  assertNotLocked,
  clearAccount,
  recordFailure,
  SignInLockedError,
} from "@/lib/auth/throttle";

/** The client's address as the server in front of us reports it (Next sets x-forwarded-for itself when there is none). */
function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : String(forwarded ?? "")).split(",")[0].trim();
  return first.slice(0, 64) || "unknown";
}

/** A session lasts a working day; then the user signs in again. */
export const SESSION_MAX_AGE_S = 8 * 60 * 60;

const credentials = z.object({
  email: z.string().trim().toLowerCase().email().max(255),
  password: z.string().min(1).max(200),
});

export const authOptions: NextAuthOptions = {
  // Read when next-auth needs it, not when this module loads.
  get secret() {
    return env().NEXTAUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  jwt: { maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(input, request) {
        const parsed = credentials.safeParse(input);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const keys = { account: accountKey(email), address: addressKey(clientAddress(request?.headers)) };
        try {
          await assertNotLocked(keys);
        } catch (error) {
          if (!(error instanceof SignInLockedError)) throw error;
          await recordAudit({
            actor: email,
            action: "sign-in",
            outcome: "denied",
            details: { message: error.message },
          });
          throw new Error(error.message); // next-auth hands this message to the sign-in form
        }
        const user = await verifyCredentials(email, password);
        if (!user) {
          const lockedNow = await recordFailure(keys);
          await recordAudit({
            actor: email,
            action: "sign-in",
            outcome: "failed",
            details: lockedNow ? { message: "too many failures: locked for 15 minutes" } : undefined,
          });
          return null;
        }
        await clearAccount(keys.account);
        await recordAudit({ actor: email, action: "sign-in", outcome: "ok" });
        return { id: String(user.id), email: user.email, name: user.name, role: user.role };
      },
    }),
  ],
  callbacks: {
    redirect: safeRedirect,
    jwt({ token, user }) {
      if (user) token.uid = Number(user.id);
      return token;
    },
    // The session carries the user's id only: lib/auth/session.ts reads the user from the database on
    // every request (a role change or a disabled account applies at once), and there, a database that
    // does not answer is "unavailable", never mistaken for "signed out".
    session({ session, token }) {
      return { expires: session.expires, ...(typeof token.uid === "number" ? { uid: token.uid } : {}) };
    },
  },
};
