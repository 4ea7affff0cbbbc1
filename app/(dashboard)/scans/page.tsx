import Link from "next/link";
import { Suspense } from "react";
import { requirePage } from "@/lib/auth/guard";
import { scanListParams } from "@/lib/db/queries/scan-list";
import { getTicker } from "@/lib/db/queries/tickers";
import { getWatchlist } from "@/lib/db/queries/watchlists";
import { QuickFilters, ScanFilters } from "@/components/scans/scan-filters";
import { ScanTable } from "@/components/scans/scan-table";
import { Notice } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { pageNumber, pickParams, problemOf, type Raw } from "@/components/ui/search-params";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Scans" };

const KEYS = ["pattern", "minScore", "ticker", "since", "until", "sort", "cursor", "before", "page"] as const;

/** Which company a ticker filter is about, or that the symbol is not one we know. */
async function TickerLine({ symbol }: { symbol: string }) {
  const ticker = await getTicker(symbol);
  if (!ticker)
    return (
      <Notice tone="warn">{symbol} is not in the ticker list: scans for it are shown if the scanner found any.</Notice>
    );
  return (
    <p className={ui.muted} data-testid="ticker-line">
      <Link href={`/tickers/${ticker.symbol}`}>
        <strong>{ticker.symbol}</strong> · {ticker.name}
      </Link>
      {ticker.sector ? ` · ${ticker.sector}` : ""}
      {ticker.exchange ? ` · ${ticker.exchange}` : ""}
    </p>
  );
}

export default async function ScansPage({ searchParams }: { searchParams: Promise<Raw> }) {
  const user = await requirePage("/scans");
  const raw = await searchParams;
  const query = pickParams(raw, KEYS);
  const parsed = scanListParams.safeParse({ ...query, patternType: query.pattern });
  const watched = new Set((await getWatchlist({ userId: user.id, limit: 500 })).map((w) => w.ticker));
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Pattern scans"
        lead="Every pattern the scanner found, newest first. Filters stay in the address, so a view can be shared."
      />
      <QuickFilters />
      <ScanFilters values={query} />
      {parsed.success && parsed.data.ticker ? <TickerLine symbol={parsed.data.ticker} /> : null}
      {parsed.success ? (
        <Suspense key={JSON.stringify(parsed.data)} fallback={<TableSkeleton label="Loading scans" />}>
          <ScanTable params={parsed.data} query={query} page={pageNumber(query)} watched={watched} />
        </Suspense>
      ) : (
        <Notice tone="bad">
          These filters cannot be used ({problemOf(parsed.error)}). <Link href="/scans">Reset the filters</Link>.
        </Notice>
      )}
    </div>
  );
}
