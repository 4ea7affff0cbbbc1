import Link from "next/link";
import { formatNumber } from "./format";
import s from "./ui.module.css";

/** "51–75 of 1,234" with Previous / Next links that keep the other URL parameters. */
export function Pagination({ page, pageSize, total, href }: { page: number; pageSize: number; total: number; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className={s.pagination} aria-label="Pages">
      <span>
        {formatNumber(from)}–{formatNumber(to)} of {formatNumber(total)} · page {formatNumber(page)} of {formatNumber(pages)}
      </span>
      <span className={s.pageLinks}>
        {page > 1 ? <Link className={`${s.button} ${s.secondary} ${s.small}`} href={href(page - 1)} rel="prev">← Previous</Link> : null}
        {page < pages ? <Link className={`${s.button} ${s.secondary} ${s.small}`} href={href(page + 1)} rel="next">Next →</Link> : null}
      </span>
    </nav>
  );
}

/** The current URL's parameters with some replaced (empty values dropped). */
export function withParams(path: string, current: Record<string, string | undefined>, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...changes })) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
