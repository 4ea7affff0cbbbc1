import Link from "next/link";
import { formatNumber } from "./format";
import s from "./ui.module.css";

/** "1,234 found" (or "10,000+" past the count's cap), for a list's status line. */
export function countLabel(total: number, cap: number): string {
  return total > cap ? `${formatNumber(cap)}+` : formatNumber(total);
}

/**
 * Links to the previous and next keyset pages, keeping the other URL
 * parameters. Labels default to a newest-first list's "Newer" and "Older".
 */
export function Pagination(props: {
  prevCursor: string | null;
  nextCursor: string | null;
  href: (page: { cursor?: string; before?: string }) => string;
  labels?: { prev: string; next: string };
}) {
  const { prevCursor, nextCursor, href, labels = { prev: "← Newer", next: "Older →" } } = props;
  if (!prevCursor && !nextCursor) return null;
  return (
    <nav className={s.pagination} aria-label="Pages">
      <span className={s.pageLinks}>
        {prevCursor ? (
          <Link className={`${s.button} ${s.secondary} ${s.small}`} href={href({ before: prevCursor })} rel="prev">
            {labels.prev}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link className={`${s.button} ${s.secondary} ${s.small}`} href={href({ cursor: nextCursor })} rel="next">
            {labels.next}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

/** The current URL's parameters with some replaced (empty values dropped). */
export function withParams(
  path: string,
  current: Record<string, string | undefined>,
  changes: Record<string, string | number | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...changes })) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
