// The scan filters: a plain GET form, so the filter lives in the URL, survives
// a reload and can be shared — and works before any JavaScript loads. On a
// phone they fold away under "Filters" so the first screen shows results;
// above it the quick filters a trader uses every morning.
import Link from "next/link";
import { PATTERN_TYPES } from "@/lib/validation";
import { SCAN_SORTS } from "@/lib/db/queries/scan-list";
import { DateRangeFields, FilterButtons, TickerField } from "@/components/ui/filter-fields";
import { typeLabel } from "@/components/ui/format";
import { ui, cx } from "@/components/ui/styles";

export type ScanFilterValues = Partial<Record<"pattern" | "minScore" | "ticker" | "since" | "until" | "sort", string>>;

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

/** One-click views: strong setups (score 8+) today and this week, the week's best. */
export function QuickFilters() {
  const links = [
    { label: "Strong setups today", href: `/scans?minScore=8&since=${day(0)}` },
    { label: "Strong setups this week", href: `/scans?minScore=8&since=${day(6)}` },
    { label: "Best scores this week", href: `/scans?since=${day(6)}&sort=score` },
  ];
  return (
    <nav className={ui.toolbar} aria-label="Quick filters">
      {links.map((l) => (
        <Link key={l.label} className={cx(ui.button, ui.secondary, ui.small)} href={l.href}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}

export function ScanFilters({ values }: { values: ScanFilterValues }) {
  const active = (["pattern", "minScore", "ticker", "since", "until"] as const).filter((k) => values[k]).length;
  return (
    <details className={ui.foldable}>
      <summary>Filters{active ? ` · ${active} set` : ""}</summary>
      <Form values={values} />
    </details>
  );
}

function Form({ values }: { values: ScanFilterValues }) {
  return (
    <form method="get" action="/scans" className={cx(ui.card, ui.form)} role="search" aria-label="Filter scans">
      <label className={ui.field}>
        Pattern
        <select name="pattern" defaultValue={values.pattern ?? ""}>
          <option value="">Any pattern</option>
          {PATTERN_TYPES.map((p) => (
            <option key={p} value={p}>
              {typeLabel(p)}
            </option>
          ))}
        </select>
      </label>
      <label className={ui.field}>
        Minimum score
        <input
          name="minScore"
          type="number"
          min={0}
          max={10}
          step={0.1}
          defaultValue={values.minScore ?? ""}
          placeholder="0–10"
        />
      </label>
      <TickerField value={values.ticker} />
      <DateRangeFields since={values.since} until={values.until} />
      <label className={ui.field}>
        Sort
        <select name="sort" defaultValue={values.sort ?? "newest"}>
          {Object.entries(SCAN_SORTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <FilterButtons resetHref="/scans" />
    </form>
  );
}
