// next-auth: email + password against the users table; a session is a row in
// `sessions` named by the (signed, encrypted) cookie, so it can be ended;
// sign-in attempts throttled before the password is checked; everything
// recorded in the audit log.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/db/queries/audit";
import { verifyCredentials } from "@/lib/db/queries/users";
import { safeRedirect } from "@/lib/auth/callback-url";
import { clientAddressOf } from "@/lib/auth/client-address";
import { cookieValue, deviceCookieName, deviceIdFor } from "@/lib/auth/device-cookie";
import {
  assertSessionLive,
  endThisSession,
  SESSION_LIFETIME_MS,
  SessionEndedError,
  startSession,
} from "@/lib/auth/sessions";
import { logger } from "@/lib/log/logger";
import { beginAttempt, SignInRefusedError } from "@/lib/auth/throttle";
import { emailInput } from "@/lib/validation";

const log = logger("next-auth");

const credentials = z.object({ email: emailInput, password: z.string().min(1).max(200) });

type SignInRequest = { headers?: Record<string, unknown> };

/** Who is trying: their address, browser, and device id if their device cookie is for this account. */
function attemptFrom(email: string, request: SignInRequest | undefined) {
  const headers = request?.headers ?? {};
  const cookie = String(headers.cookie ?? "");
  const device =
    deviceIdFor(cookieValue(cookie, deviceCookieName(true)), email) ??
    deviceIdFor(cookieValue(cookie, deviceCookieName(false)), email);
  return { email, address: clientAddressOf(headers), device, userAgent: String(headers["user-agent"] ?? "") };
}

async function authorize(input: unknown, request: SignInRequest | undefined) {
  const parsed = credentials.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const from = attemptFrom(email, request);
  const audit = (outcome: "ok" | "failed" | "denied", message?: string) =>
    recordAudit({ actor: email, action: "sign-in", outcome, details: { address: from.address, message } });
  let attempt;
  try {
    attempt = await beginAttempt(from);
  } catch (error) {
    if (!(error instanceof SignInRefusedError)) throw error;
    await audit("denied", error.message);
    throw new Error(error.message); // next-auth hands this message to the sign-in form
  }
  const user = await verifyCredentials(email, password);
  if (!user) {
    const lockedNow = await attempt.failed();
    await audit("failed", lockedNow ? "too many failures: locked for 15 minutes" : undefined);
    return null;
  }
  await attempt.succeeded();
  const sid = await startSession(user.id, from);
  await audit("ok");
  return { id: String(user.id), email: user.email, name: user.name, role: user.role, sid };
}

export const authOptions: NextAuthOptions = {
  // Read when next-auth needs it, not when this module loads.
  get secret() {
    return env().NEXTAUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: SESSION_LIFETIME_MS / 1000 },
  jwt: { maxAge: SESSION_LIFETIME_MS / 1000 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize,
    }),
  ],
  callbacks: {
    redirect: safeRedirect,
    async jwt({ token, user }) {
      if (user) return { ...token, uid: Number(user.id), sid: user.sid };
      await assertSessionLive(token); // an ended session: next-auth clears the cookie and answers "signed out"
      return token;
    },
    // The session carries the user's id only: lib/auth/session.ts reads the user from the database on
    // every request (a role change or a disabled account applies at once), and there, a database that
    // does not answer is "unavailable", never mistaken for "signed out".
    session({ session, token }) {
      return { expires: session.expires, ...(typeof token.uid === "number" ? { uid: token.uid } : {}) };
    },
  },
  // One line per problem, in the app's log format; a cookie whose session ended is no problem, only signed out.
  logger: {
    error(code, metadata) {
      const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
      if (error instanceof SessionEndedError) return;
      log.error(`${code}: ${error instanceof Error ? error.message : JSON.stringify(metadata)}`);
    },
    warn: (code) => log.warn(code),
    debug: () => {},
  },
  events: {
    async signOut({ token }) {
      await endThisSession(token ?? {}, "signed out");
    },
  },
};
