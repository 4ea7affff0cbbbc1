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

/** A ticker symbol filter (scans, alerts). */
export function TickerField({ value }: { value?: string }) {
  return (
    <label className={ui.field}>
      Ticker
      <input
        name="ticker"
        type="text"
        defaultValue={value ?? ""}
        placeholder="e.g. NVDA"
        maxLength={16}
        autoCapitalize="characters"
      />
    </label>
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
