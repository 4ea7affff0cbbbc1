"use client";
// The sidebar's links, marking the current page. On a narrow screen they fold
// behind a Menu button (and fold again once a page is chosen).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import s from "./shell.module.css";

export function NavLinks({ pages }: { pages: { href: string; label: string }[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={s.menuButton}
        aria-expanded={open}
        aria-controls="main-nav"
        onClick={() => setOpen(!open)}
      >
        {open ? "Close menu" : "Menu"}
      </button>
      <nav id="main-nav" className={s.nav} aria-label="Main" data-open={open}>
        {pages.map((page) => {
          const current = page.href === "/" ? pathname === "/" : pathname.startsWith(page.href);
          return (
            <Link
              key={page.href}
              href={page.href}
              className={s.link}
              aria-current={current ? "page" : undefined}
              onClick={() => setOpen(false)}
            >
              {page.label}
            </Link>
          );
        })}
      </nav>
    </>
  );
}
