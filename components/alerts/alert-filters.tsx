// The alert filters: type, ticker, whose alerts (for those who see everyone's)
// and a date range, in a plain GET form: the filter lives in the URL.
import { ALERT_TYPES } from "@/lib/validation";
import { DateRangeFields, FilterButtons, TickerField } from "@/components/ui/filter-fields";
import { typeLabel } from "@/components/ui/format";
import { ui, cx } from "@/components/ui/styles";
import { UserField } from "@/components/ui/user-field";

export type AlertFilterValues = Partial<Record<"type" | "ticker" | "since" | "until" | "user", string>>;

/** `users`: accounts to suggest, or null for someone who sees only their own alerts. */
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
      {users && <UserField label="User" value={values.user} suggestions={users} placeholder="everyone, or an e-mail" />}
      <DateRangeFields since={values.since} until={values.until} />
      <FilterButtons resetHref="/alerts" />
    </form>
  );
}
