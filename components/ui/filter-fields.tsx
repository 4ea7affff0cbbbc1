// Pieces every filter form shares: the date range and the buttons.
import Link from "next/link";
import { ui, cx } from "./styles";

export function DateRangeFields({ since, until }: { since?: string; until?: string }) {
  return (
    <>
      <label className={ui.field}>
        From (UTC)
        <input name="since" type="date" defaultValue={since ?? ""} />
      </label>
      <label className={ui.field}>
        Before (UTC)
        <input name="until" type="date" defaultValue={until ?? ""} />
      </label>
    </>
  );
}

export function FilterButtons({ resetHref }: { resetHref: string }) {
  return (
    <div className={ui.toolbar}>
      <button className={ui.button} type="submit">
        Apply filters
      </button>
      <Link className={cx(ui.button, ui.secondary)} href={resetHref}>
        Reset
      </Link>
    </div>
  );
}
