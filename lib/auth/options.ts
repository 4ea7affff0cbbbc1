// next-auth: email + password against the users table, JWT sessions that
// expire, sign-ins recorded in the audit log.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/db/queries/audit";
import { verifyCredentials } from "@/lib/db/queries/users";

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
      async authorize(input) {
        const parsed = credentials.safeParse(input);
        if (!parsed.success) return null;
        const user = await verifyCredentials(parsed.data.email, parsed.data.password);
        await recordAudit({ actor: parsed.data.email, action: "sign-in", outcome: user ? "ok" : "failed" });
        return user ? { id: String(user.id), email: user.email, name: user.name, role: user.role } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.uid = Number(user.id);
      return token;
    },
    session({ session, token }) {
      if (session.user) session.user.id = token.uid as number;
      return session;
    },
  },
};
