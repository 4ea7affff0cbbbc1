// The scan filters: a plain GET form, so the filter lives in the URL, survives
// a reload and can be shared — and works before any JavaScript loads.
import { PATTERN_TYPES } from "@/lib/validation";
import { SCAN_SORTS } from "@/lib/db/queries/scan-list";
import { DateRangeFields, FilterButtons } from "@/components/ui/filter-fields";
import { typeLabel } from "@/components/ui/format";
import { ui, cx } from "@/components/ui/styles";

export type ScanFilterValues = Partial<Record<"pattern" | "minScore" | "ticker" | "since" | "until" | "sort", string>>;

export function ScanFilters({ values }: { values: ScanFilterValues }) {
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
          step={0.5}
          defaultValue={values.minScore ?? ""}
          placeholder="0–10"
        />
      </label>
      <label className={ui.field}>
        Ticker
        <input
          name="ticker"
          type="text"
          defaultValue={values.ticker ?? ""}
          placeholder="e.g. NVDA"
          maxLength={16}
          autoCapitalize="characters"
        />
      </label>
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
