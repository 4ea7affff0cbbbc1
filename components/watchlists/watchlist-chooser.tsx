// Which watchlist to show: whose (operators and admins may look at anyone's)
// and which items. A plain GET form: the choice lives in the URL.
import { ui, cx } from "@/components/ui/styles";

export const WATCHLIST_STATUSES = { all: "All", triggered: "Triggered", waiting: "Waiting" } as const;

export function WatchlistChooser(props: {
  /** Everyone's lists to choose from, or null for someone who sees only their own. */
  users: { id: number; email: string }[] | null;
  userId: number;
  meId: number;
  status: keyof typeof WATCHLIST_STATUSES;
}) {
  return (
    <form method="get" className={cx(ui.card, ui.form)} aria-label="Choose the list">
      {props.users && (
        <label className={ui.field}>
          Whose list
          <select name="user" defaultValue={String(props.userId)}>
            {props.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.id === props.meId ? `Mine (${u.email})` : u.email}
              </option>
            ))}
          </select>
        </label>
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
