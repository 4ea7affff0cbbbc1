// The dashboard's frame: role-aware navigation, who is signed in, sign-out.
import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { homeFor, pagesFor } from "@/lib/auth/roles";
import { Badge } from "@/components/ui/badge";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import s from "./shell.module.css";

export function AppShell({ user, children }: { user: SessionUser; children: React.ReactNode }) {
  return (
    <div className={s.shell}>
      <a className={s.skip} href="#main">
        Skip to content
      </a>
      <aside className={s.sidebar}>
        <Link className={s.brand} href={homeFor(user.role)}>
          LegendAI Admin<span>pattern scanner database</span>
        </Link>
        <NavLinks pages={pagesFor(user.role).map(({ href, label }) => ({ href, label }))} />
      </aside>
      <div className={s.main}>
        <div className={s.topbar}>
          <span className={s.who}>
            {user.name} · {user.email} <Badge tone="info">{user.role}</Badge>
          </span>
          <SignOutButton />
        </div>
        <main id="main">{children}</main>
      </div>
    </div>
  );
}
