// This process's cache counters and its near cache's size (a server component).
import { cacheCounters } from "@/lib/monitoring/overview";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatBytes, formatDuration, formatNumber, formatPercent } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

export function CacheCard() {
  const c = cacheCounters();
  return (
    <Card title="Cache (this process)">
      <dl className={ui.facts}>
        <dt>Hit ratio</dt>
        <dd className={ui.bigNumber}>{formatPercent(c.hitRatio)}</dd>
        <dt>Hits / shared / misses</dt>
        <dd>
          {formatNumber(c.hits)} / {formatNumber(c.shared)} / {formatNumber(c.misses)}
          {c.errors ? (
            <>
              {" "}
              · <Badge tone="warn">{c.errors} errors</Badge>
            </>
          ) : null}
        </dd>
        <dt>Time saved</dt>
        <dd>{formatDuration(c.timeSavedMs)}</dd>
        {c.near ? (
          <>
            <dt>Near cache</dt>
            <dd data-testid="near-cache">
              {formatNumber(c.nearHits)} hits in-process · {formatNumber(c.near.entries)} of{" "}
              {formatNumber(c.near.maxEntries)} entries, {formatBytes(c.near.bytes)} of {formatBytes(c.near.maxBytes)}
            </dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}
