// One ticker as a trader works with it: what the company is, its scans per day
// over a range, the patterns found, the latest scans and alerts, and whether it
// is on your watchlist (with Watch / Remove in place).
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/guard";
import { seesEveryone } from "@/lib/auth/roles";
import { getAlerts } from "@/lib/db/queries/alerts";
import { getRecentScans } from "@/lib/db/queries/scans";
import { TICKER_RANGES, tickerHistory, tickerPatterns, type TickerRange } from "@/lib/db/queries/ticker-history";
import { getTicker } from "@/lib/db/queries/tickers";
import { getWatchlist } from "@/lib/db/queries/watchlists";
import { tickerInput } from "@/lib/validation";
import { TickerChart } from "@/components/tickers/ticker-chart";
import { TickerTables } from "@/components/tickers/ticker-tables";
import { WatchCard } from "@/components/tickers/watch-card";
import { Card } from "@/components/ui/card";
import { formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { pickParams, type Raw } from "@/components/ui/search-params";
import { cx, ui } from "@/components/ui/styles";

export const metadata = { title: "Ticker" };

const marketCap = (cap: bigint | null) =>
  cap === null ? null : `market cap $${formatNumber(Math.round(Number(cap) / 1e9))} B`;

export default async function TickerPage({
  params,
  searchParams,
}: {
  params: Promise<{ symbol: string }>;
  searchParams: Promise<Raw>;
}) {
  const { symbol: raw } = await params;
  const user = await requirePage("/tickers", `/tickers/${raw}`);
  const parsed = tickerInput.safeParse(decodeURIComponent(raw));
  if (!parsed.success) notFound();
  const symbol = parsed.data;
  const { range: rangeParam } = pickParams(await searchParams, ["range"]);
  const range: TickerRange = rangeParam && rangeParam in TICKER_RANGES ? (rangeParam as TickerRange) : "90d";
  const everyone = seesEveryone(user.role);
  const [ticker, history, patterns, recent, alerts, watchlist] = await Promise.all([
    getTicker(symbol),
    tickerHistory(symbol, range),
    tickerPatterns(symbol, range),
    getRecentScans({ ticker: symbol, limit: 10 }),
    getAlerts({ ticker: symbol, userId: everyone ? undefined : user.id, limit: 10 }),
    getWatchlist({ userId: user.id, limit: 500 }),
  ]);
  if (!ticker && recent.items.length === 0) notFound();
  const watched = watchlist.find((w) => w.ticker === symbol);
  const facts = [ticker?.exchange, ticker?.sector, marketCap(ticker?.marketCap ?? null)].filter(Boolean).join(" · ");
  return (
    <div className={ui.stack}>
      <PageHeader
        title={ticker ? `${symbol} · ${ticker.name}` : symbol}
        lead={ticker ? facts : "Not in the ticker list: the scanner reported it, the company is not known here."}
      />
      <WatchCard symbol={symbol} watched={watched} latest={recent.items[0]} />
      <Card
        title="Scans per day"
        description="The best score of each day's scans and their average pivot and entry price (UTC days)."
        wide
        actions={
          <nav className={ui.toolbar} aria-label="Range">
            {(Object.keys(TICKER_RANGES) as TickerRange[]).map((r) => (
              <Link
                key={r}
                href={`/tickers/${symbol}?range=${r}`}
                className={cx(ui.button, ui.small, r !== range && ui.secondary)}
                aria-current={r === range ? "page" : undefined}
              >
                {r}
              </Link>
            ))}
          </nav>
        }
      >
        <TickerChart
          rows={history.map((d) => ({
            t: new Date(d.day).getTime(),
            bestScore: d.bestScore,
            pivot: d.pivot,
            entry: d.entry,
          }))}
        />
      </Card>
      <TickerTables
        symbol={symbol}
        range={range}
        patterns={patterns}
        scans={recent.items}
        alerts={alerts.items}
        everyone={everyone}
      />
    </div>
  );
}
