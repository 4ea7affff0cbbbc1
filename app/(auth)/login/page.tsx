import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { homeFor } from "@/lib/auth/roles";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { isDatabaseUnavailable, logUnavailable } from "@/lib/db/errors";
import { LoginForm } from "@/components/auth/login-form";
import { DatabaseUnavailable } from "@/components/shell/database-unavailable";
import s from "./login.module.css";

export const metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  let user;
  const params = await searchParams;
  try {
    user = await currentUser();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    logUnavailable(error);
    return <DatabaseUnavailable />;
  }
  if (user) redirect(homeFor(user.role));
  return (
    <main className={s.page}>
      <section className={s.panel} aria-labelledby="login-title">
        <h1 id="login-title" className={s.title}>
          LegendAI Admin
        </h1>
        <p className={s.lead}>Sign in to watch and run the pattern-scanner database.</p>
        <LoginForm callbackUrl={safeCallbackPath(params.callbackUrl)} />
      </section>
    </main>
  );
}
