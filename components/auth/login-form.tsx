"use client";
// Sign-in with email and password; errors shown in place, never a blank page.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Notice } from "@/components/ui/badge";
import { ui, cx } from "@/components/ui/styles";

/** `callbackUrl` is a path on this site, checked on the server (lib/auth/callback-url.ts). */
export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirect: false,
    });
    setPending(false);
    if (result?.ok) {
      router.replace(callbackUrl);
      router.refresh();
    } else {
      setError(
        result?.error?.startsWith("Too many failed sign-ins")
          ? result.error // the lockout, in words for the person (lib/auth/throttle.ts)
          : result?.status === 401 || result?.error === "CredentialsSignin"
            ? "Wrong email or password, or the account is disabled."
            : "Sign-in failed: try again in a moment.",
      );
    }
  }

  return (
    <form onSubmit={submit} className={ui.stack} noValidate={false}>
      {callbackUrl && callbackUrl !== "/" && !error && (
        <Notice tone="info">Sign in to continue to {callbackUrl}.</Notice>
      )}
      {error && <Notice tone="bad">{error}</Notice>}
      <label className={ui.field}>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label className={ui.field}>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button className={cx(ui.button)} type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
