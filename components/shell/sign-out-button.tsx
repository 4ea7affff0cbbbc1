"use client";
import { signOut } from "next-auth/react";
import { ui, cx } from "@/components/ui/styles";

export function SignOutButton() {
  return (
    <button
      type="button"
      className={cx(ui.button, ui.secondary, ui.small)}
      onClick={() => signOut({ callbackUrl: "/login" })}
    >
      Sign out
    </button>
  );
}
