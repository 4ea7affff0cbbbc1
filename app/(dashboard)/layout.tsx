import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { isDatabaseUnavailable, logUnavailable } from "@/lib/db/errors";
import { AppShell } from "@/components/shell/app-shell";
import { DatabaseUnavailable } from "@/components/shell/database-unavailable";
import { Providers } from "@/app/providers";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  let user;
  try {
    user = await currentUser(); // every page starts here, so a database that does not answer is caught here
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    logUnavailable(error);
    return <DatabaseUnavailable />;
  }
  if (!user) redirect("/login");
  return (
    <Providers>
      <AppShell user={user}>{children}</AppShell>
    </Providers>
  );
}
