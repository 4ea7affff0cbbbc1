import "next-auth";
import type { Role } from "@/lib/auth/roles";

declare module "next-auth" {
  interface User {
    role?: string;
  }
  interface Session {
    user?: { id: number; name: string; email: string; role: Role };
  }
}
