import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/app/providers";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  return (
    <Providers>
      <AppShell user={user}>{children}</AppShell>
    </Providers>
  );
}
