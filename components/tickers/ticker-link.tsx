// A ticker as every list shows it: its symbol, bold, linking to its page.
import Link from "next/link";

export function TickerLink({ symbol }: { symbol: string }) {
  return (
    <Link href={`/tickers/${encodeURIComponent(symbol)}`} data-ticker={symbol}>
      <strong>{symbol}</strong>
    </Link>
  );
}
