// The alert filters: type, ticker, whose alerts (for those who see everyone's)
// and a date range, in a plain GET form: the filter lives in the URL.
import { ALERT_TYPES } from "@/lib/validation";
import { DateRangeFields, FilterButtons, TickerField } from "@/components/ui/filter-fields";
import { typeLabel } from "@/components/ui/format";
import { ui, cx } from "@/components/ui/styles";

export type AlertFilterValues = Partial<Record<"type" | "ticker" | "since" | "until" | "user", string>>;

/** `users`: everyone to choose from, or null for someone who sees only their own alerts. */
export function AlertFilters({
  values,
  users,
}: {
  values: AlertFilterValues;
  users: { id: number; email: string }[] | null;
}) {
  return (
    <form method="get" className={cx(ui.card, ui.form)} role="search" aria-label="Filter alerts">
      <label className={ui.field}>
        Type
        <select name="type" defaultValue={values.type ?? ""}>
          <option value="">Any type</option>
          {ALERT_TYPES.map((t) => (
            <option key={t} value={t}>
              {typeLabel(t)}
            </option>
          ))}
        </select>
      </label>
      <TickerField value={values.ticker} />
      {users && (
        <label className={ui.field}>
          User
          <select name="user" defaultValue={values.user ?? ""}>
            <option value="">Everyone</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </select>
        </label>
      )}
      <DateRangeFields since={values.since} until={values.until} />
      <FilterButtons resetHref="/alerts" />
    </form>
  );
}
