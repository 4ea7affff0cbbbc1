"use client";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { ui, cx } from "@/components/ui/styles";

// next-auth would send the browser to its callbackUrl resolved against
// NEXTAUTH_URL, another origin when the app is served on another port than
// the one written there; the sign-in page of the page's own origin is always right.
export function SignOutButton() {
  const router = useRouter();
  const signOutHere = async () => {
    await signOut({ redirect: false });
    router.push("/login");
    router.refresh();
  };
  return (
    <button type="button" className={cx(ui.button, ui.secondary, ui.small)} onClick={() => void signOutHere()}>
      Sign out
    </button>
  );
}
