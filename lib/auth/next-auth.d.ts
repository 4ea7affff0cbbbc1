import "next-auth";

declare module "next-auth" {
  interface User {
    role?: string;
  }
  interface Session {
    /** The signed-in user's id; lib/auth/session.ts reads the user itself. */
    uid?: number;
  }
}
