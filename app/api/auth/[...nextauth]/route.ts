// next-auth, behind lib/auth/sign-in-route.ts (body limit, bounded password checks, device cookie).
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { signInRoute } from "@/lib/auth/sign-in-route";

const handler = signInRoute(NextAuth(authOptions));
export { handler as GET, handler as POST };
