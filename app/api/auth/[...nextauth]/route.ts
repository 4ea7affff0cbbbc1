// next-auth, behind lib/http/sign-in-route.ts (body limit, device cookie).
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { signInRoute } from "@/lib/http/sign-in-route";

const handler = signInRoute(NextAuth(authOptions));
export { handler as GET, handler as POST };
