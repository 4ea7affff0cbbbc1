// Which watchlist to show: whose (operators and admins may look at anyone's)
// and which items. A plain GET form: the choice lives in the URL.
import { ui, cx } from "@/components/ui/styles";
import { UserField } from "@/components/ui/user-field";

export const WATCHLIST_STATUSES = { all: "All", triggered: "Triggered", waiting: "Waiting" } as const;

export function WatchlistChooser(props: {
  /** Accounts to suggest, or null for someone who sees only their own list. */
  users: { id: number; email: string }[] | null;
  /** The e-mail of the list shown. */
  ownerEmail: string;
  status: keyof typeof WATCHLIST_STATUSES;
}) {
  return (
    <form method="get" className={cx(ui.card, ui.form)} aria-label="Choose the list">
      {props.users && (
        <UserField
          label="Whose list"
          value={props.ownerEmail}
          suggestions={props.users}
          placeholder="yours, or an e-mail"
        />
      )}
      <label className={ui.field}>
        Show
        <select name="status" defaultValue={props.status}>
          {Object.entries(WATCHLIST_STATUSES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button className={ui.button} type="submit">
        Show
      </button>
    </form>
  );
}
