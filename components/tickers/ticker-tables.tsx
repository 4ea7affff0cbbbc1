// A ticker page's lists: the patterns found in the range, its latest scans and
// its latest alerts (yours, or everyone's for those who see everyone's).
import Link from "next/link";
import type { getAlerts } from "@/lib/db/queries/alerts";
import type { ScanListItem } from "@/lib/db/queries/scan-find";
import type { TickerPattern } from "@/lib/db/queries/ticker-history";
import { scoreTone } from "@/components/scans/scan-table";
import { Badge, Notice } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { formatDateTime, formatNumber, formatPrice, typeLabel } from "@/components/ui/format";

type AlertItem = Awaited<ReturnType<typeof getAlerts>>["items"][number];

const score = (value: number) => <Badge tone={scoreTone(value)}>{value.toFixed(1)}</Badge>;

export function TickerTables(props: {
  symbol: string;
  range: string;
  patterns: TickerPattern[];
  scans: ScanListItem[];
  alerts: AlertItem[];
  everyone: boolean;
}) {
  const { symbol } = props;
  return (
    <>
      <Card title="Patterns found" description={`In the last ${props.range}.`}>
        {props.patterns.length ? (
          <DataTable
            caption={`Patterns found for ${symbol}`}
            columns={[
              { header: "Pattern", cell: (p) => typeLabel(p.patternType) },
              { header: "Scans", numeric: true, cell: (p) => formatNumber(p.scans) },
              { header: "Best score", numeric: true, cell: (p) => score(p.bestScore) },
              { header: "Last seen (UTC)", cell: (p) => formatDateTime(p.lastSeen) },
            ]}
            rows={props.patterns}
            rowKey={(p) => p.patternType}
            testId="ticker-patterns"
          />
        ) : (
          <Notice tone="info">No pattern found in this range.</Notice>
        )}
      </Card>
      <Card title="Latest scans" actions={<Link href={`/scans?ticker=${symbol}`}>Every scan of {symbol}</Link>}>
        {props.scans.length ? (
          <DataTable
            caption={`Latest scans of ${symbol}`}
            columns={[
              { header: "Scanned (UTC)", cell: (s) => formatDateTime(s.scannedAt) },
              { header: "Pattern", cell: (s) => typeLabel(s.patternType) },
              { header: "Score", numeric: true, cell: (s) => score(s.score) },
              { header: "Pivot", numeric: true, cell: (s) => formatPrice(s.pivotPrice) },
              { header: "Entry", numeric: true, cell: (s) => formatPrice(s.entryPrice) },
            ]}
            rows={props.scans}
            rowKey={(s) => s.id}
          />
        ) : (
          <Notice tone="info">No scans yet.</Notice>
        )}
      </Card>
      <Card
        title={props.everyone ? "Alerts" : "Your alerts"}
        actions={<Link href={`/alerts?ticker=${symbol}`}>Every alert for {symbol}</Link>}
      >
        {props.alerts.length ? (
          <DataTable
            caption={`Latest alerts for ${symbol}`}
            columns={[
              { header: "Sent (UTC)", cell: (a) => formatDateTime(a.alertSentAt) },
              { header: "Type", cell: (a) => <Badge tone="info">{typeLabel(a.alertType)}</Badge> },
              { header: "Message", wrap: true, cell: (a) => a.message },
            ]}
            rows={props.alerts}
            rowKey={(a) => a.id}
          />
        ) : (
          <Notice tone="info">No alerts for {symbol}.</Notice>
        )}
      </Card>
    </>
  );
}
