import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface User {
    role?: string;
    /** The server-side session begun by this sign-in (lib/auth/sessions.ts). */
    sid?: string;
  }
  interface Session {
    /** The signed-in user's id; lib/auth/session.ts reads the user itself. */
    uid?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    /** The row in `sessions` this cookie belongs to. */
    sid?: string;
  }
}
