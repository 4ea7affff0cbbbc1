"use client";
// The overview's live charts: pool utilisation, query latency per family,
// cache hit ratio. Refreshed every 5 s while the tab is visible.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/badge";
import { formatTime } from "@/components/ui/format";
import { ui, cx } from "@/components/ui/styles";
import type { ChartRange as Range } from "@/lib/monitoring/overview";
import { CacheChart } from "./cache-chart";
import { LatencyChart } from "./latency-chart";
import { PoolChart } from "./pool-chart";
import { cacheRows, LATENCY_LINES, latencyRows, poolRows, type Percentile, type SeriesResponse } from "./series";

async function fetchSeries(range: Range): Promise<SeriesResponse> {
  const response = await fetch(`/api/metrics/series?range=${range}`, { cache: "no-store" });
  if (!response.ok) throw new Error((await response.json().catch(() => null))?.error ?? `HTTP ${response.status}`);
  return response.json();
}

function RangePicker(props: { ranges: Range[]; range: Range; onChange: (r: Range) => void; fetching: boolean }) {
  return (
    <div className={ui.toolbar} role="group" aria-label="Time range">
      {props.ranges.map((r) => (
        <button
          key={r}
          type="button"
          className={cx(ui.button, ui.small, r !== props.range && ui.secondary)}
          aria-pressed={r === props.range}
          onClick={() => props.onChange(r)}
        >
          {r}
        </button>
      ))}
      <span className={ui.muted} aria-live="polite">
        {props.fetching ? "updating…" : "live"}
      </span>
    </div>
  );
}

function PercentilePicker({ value, onChange }: { value: Percentile; onChange: (p: Percentile) => void }) {
  return (
    <label className={ui.field}>
      Percentile
      <select value={value} onChange={(e) => onChange(e.target.value as Percentile)}>
        <option value="p50">p50</option>
        <option value="p95">p95</option>
        <option value="p99">p99</option>
      </select>
    </label>
  );
}

/** `ranges` come from the server (lib/monitoring/overview), the first one shown being `initialRange`. */
export function OverviewCharts(props: { initial: SeriesResponse; ranges: Range[]; initialRange: Range }) {
  const [range, setRange] = useState<Range>(props.initialRange);
  const [percentile, setPercentile] = useState<Percentile>("p95");
  const {
    data = props.initial,
    error,
    isFetching,
  } = useQuery({
    queryKey: ["series", range],
    queryFn: () => fetchSeries(range),
    initialData: range === props.initialRange ? props.initial : undefined,
    refetchInterval: 5_000,
    refetchIntervalInBackground: false,
  });
  const picker = <RangePicker ranges={props.ranges} range={range} onChange={setRange} fetching={isFetching} />;
  const latency = latencyRows(data.latency, percentile);
  const pool = poolRows(data.pool);
  const cache = cacheRows(data.cache);
  // A fresh install has minutes of samples: the charts start at the first one instead of showing a sliver.
  const first = Math.min(...[pool[0]?.t, latency.rows[0]?.t, cache[0]?.t].filter((t): t is number => t !== undefined));
  const collecting = Number.isFinite(first) && first - data.from > (data.to - data.from) * 0.1;
  const shown = collecting ? { ...data, from: first } : data;
  return (
    <div className={ui.stack}>
      {error && <Notice tone="warn">Charts are not updating: {(error as Error).message}</Notice>}
      {collecting && (
        <p className={ui.muted} data-testid="collecting-since">
          Collecting since {formatTime(first)} UTC: the charts start there until the {range} range has filled.
        </p>
      )}
      <Card
        title="Connection pool"
        description="Connections per state, against the pool size and hard maximum, summed over app processes."
        actions={picker}
        wide
      >
        <PoolChart data={shown} rows={pool} />
      </Card>
      <div className={ui.halves}>
        <Card
          title="Query latency"
          description={`The ${Math.min(latency.total, LATENCY_LINES)} slowest of ${latency.total} query families (a table's model, or the app's own SQL by what it reads; RawSql: raw SQL sent through Prisma), in milliseconds, per 10-second bucket.`}
          actions={<PercentilePicker value={percentile} onChange={setPercentile} />}
        >
          <LatencyChart data={shown} latency={latency} />
        </Card>
        <Card title="Cache hit ratio" description="Share of cached-query lookups answered by Redis, per 10 seconds.">
          <CacheChart data={shown} rows={cache} />
        </Card>
      </div>
    </div>
  );
}
