import Link from "next/link";
import { formatNumber } from "./format";
import s from "./ui.module.css";

/** "1,234 found" (or "10,000+" past the count's cap), for a list's status line. */
export function countLabel(total: number, cap: number): string {
  return total > cap ? `${formatNumber(cap)}+` : formatNumber(total);
}

/** "26–50 of 4,065" on page 2 of 25-row pages; "25 of 4,065" when the page number is not known. */
export function rangeLabel(page: number | null, pageSize: number, shown: number, total: number, cap: number): string {
  const of = countLabel(total, cap);
  if (page === null || shown === 0) return `${formatNumber(shown)} of ${of}`;
  const first = (page - 1) * pageSize + 1;
  return `${formatNumber(first)}–${formatNumber(first + shown - 1)} of ${of}`;
}

/**
 * Links to the previous and next keyset pages, keeping the other URL
 * parameters. Labels default to a newest-first list's "Newer" and "Older".
 */
export function Pagination(props: {
  prevCursor: string | null;
  nextCursor: string | null;
  href: (page: { cursor?: string; before?: string; page?: number }) => string;
  labels?: { prev: string; next: string };
  /** This page's number, carried into the links beside the cursor (so the next page can say "26–50"). */
  page?: number | null;
}) {
  const { prevCursor, nextCursor, href, labels = { prev: "← Newer", next: "Older →" }, page } = props;
  const number = (n: number) => (page ? Math.max(1, n) : undefined);
  if (!prevCursor && !nextCursor) return null;
  return (
    <nav className={s.pagination} aria-label="Pages">
      <span className={s.pageLinks}>
        {prevCursor ? (
          <Link
            className={`${s.button} ${s.secondary} ${s.small}`}
            href={href({ before: prevCursor, page: number((page ?? 0) - 1) })}
            rel="prev"
          >
            {labels.prev}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link
            className={`${s.button} ${s.secondary} ${s.small}`}
            href={href({ cursor: nextCursor, page: number((page ?? 0) + 1) })}
            rel="next"
          >
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
