"use client";
// The sidebar's links, marking the current page.
import Link from "next/link";
import { usePathname } from "next/navigation";
import s from "./shell.module.css";

export function NavLinks({ pages }: { pages: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav className={s.nav} aria-label="Main">
      {pages.map((page) => {
        const current = page.href === "/" ? pathname === "/" : pathname.startsWith(page.href);
        return (
          <Link key={page.href} href={page.href} className={s.link} aria-current={current ? "page" : undefined}>
            {page.label}
          </Link>
        );
      })}
    </nav>
  );
}
