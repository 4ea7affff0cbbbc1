"use client";
// The overview's live charts: pool utilisation, query latency per table family,
// cache hit ratio. Refreshed every 5 s while the tab is visible.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/badge";
import { formatTime } from "@/components/ui/format";
import { ui, cx } from "@/components/ui/styles";
import type { ChartRange as Range } from "@/lib/monitoring/overview";
import { cacheRows, latencyRows, poolRows, type Percentile, type SeriesResponse } from "./series";

const COLORS = ["#1f55c9", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207"];
const HEIGHT = 240;

async function fetchSeries(range: Range): Promise<SeriesResponse> {
  const response = await fetch(`/api/metrics/series?range=${range}`, { cache: "no-store" });
  if (!response.ok) throw new Error((await response.json().catch(() => null))?.error ?? `HTTP ${response.status}`);
  return response.json();
}

function timeAxis(data: SeriesResponse) {
  return (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={[data.from, data.to]}
      tickFormatter={(t: number) => formatTime(t).slice(0, 5)}
      minTickGap={40}
      fontSize={12}
    />
  );
}

const tooltipTime = (t: unknown) => `${formatTime(Number(t))} UTC`;

function ChartBox({ empty, children, testId }: { empty: string | null; children: React.ReactElement; testId: string }) {
  return (
    <div style={{ height: HEIGHT }} data-testid={testId} data-empty={empty ? "true" : "false"}>
      {empty ? (
        <EmptyState title="No samples yet">{empty}</EmptyState>
      ) : (
        <ResponsiveContainer width="100%" height={HEIGHT}>
          {children}
        </ResponsiveContainer>
      )}
    </div>
  );
}

/** `ranges` come from the server (lib/monitoring/overview), the first one shown being `initialRange`. */
export function OverviewCharts({
  initial,
  ranges,
  initialRange,
}: {
  initial: SeriesResponse;
  ranges: Range[];
  initialRange: Range;
}) {
  const [range, setRange] = useState<Range>(initialRange);
  const [percentile, setPercentile] = useState<Percentile>("p95");
  const {
    data = initial,
    error,
    isFetching,
  } = useQuery({
    queryKey: ["series", range],
    queryFn: () => fetchSeries(range),
    initialData: range === initialRange ? initial : undefined,
    refetchInterval: 5_000,
    refetchIntervalInBackground: false,
  });
  const pool = poolRows(data.pool);
  const latency = latencyRows(data.latency, percentile);
  const cache = cacheRows(data.cache);
  const size = pool.at(-1)?.size;
  const max = pool.at(-1)?.max;

  const picker = (
    <div className={ui.toolbar} role="group" aria-label="Time range">
      {ranges.map((r) => (
        <button
          key={r}
          type="button"
          className={cx(ui.button, ui.small, r !== range && ui.secondary)}
          aria-pressed={r === range}
          onClick={() => setRange(r)}
        >
          {r}
        </button>
      ))}
      <span className={ui.muted} aria-live="polite">
        {isFetching ? "updating…" : "live"}
      </span>
    </div>
  );

  return (
    <div className={ui.stack}>
      {error && <Notice tone="warn">Charts are not updating: {(error as Error).message}</Notice>}
      <Card
        title="Connection pool"
        description="Connections per state, against the pool size and hard maximum, summed over app processes."
        actions={picker}
        wide
      >
        <ChartBox testId="pool-chart" empty={pool.length ? null : "Each app process samples its pool every 5 seconds."}>
          <LineChart data={pool} margin={{ top: 10, right: 24, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ec" />
            {timeAxis(data)}
            <YAxis
              allowDecimals={false}
              fontSize={12}
              label={{ value: "connections", angle: -90, position: "insideLeft", fontSize: 12 }}
              domain={[0, (dataMax: number) => Math.max(dataMax, max ?? 0)]}
            />
            <Tooltip labelFormatter={tooltipTime} />
            <Legend />
            {size !== undefined && (
              <ReferenceLine
                y={size}
                stroke="#98a2b3"
                strokeDasharray="4 4"
                label={{ value: `size ${size}`, position: "insideTopRight", fontSize: 11 }}
              />
            )}
            {max !== undefined && (
              <ReferenceLine
                y={max}
                stroke="#b42318"
                strokeDasharray="4 4"
                label={{ value: `max ${max}`, position: "insideTopRight", fontSize: 11 }}
              />
            )}
            {["checked out", "idle", "waiting", "overflow"].map((key, i) => (
              <Line
                key={key}
                type="stepAfter"
                dataKey={key}
                stroke={COLORS[i]}
                dot={{ r: 1.5 }}
                strokeWidth={2}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ChartBox>
      </Card>
      <div className={ui.halves}>
        <Card
          title="Query latency"
          description="Per table family, in milliseconds, per 10-second bucket."
          actions={
            <label className={ui.field}>
              Percentile
              <select value={percentile} onChange={(e) => setPercentile(e.target.value as Percentile)}>
                <option value="p50">p50</option>
                <option value="p95">p95</option>
                <option value="p99">p99</option>
              </select>
            </label>
          }
        >
          <ChartBox
            testId="latency-chart"
            empty={
              latency.rows.length
                ? null
                : "Latency appears once the app has run queries (browse Scans, Watchlists or Alerts)."
            }
          >
            <LineChart data={latency.rows} margin={{ top: 10, right: 24, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ec" />
              {timeAxis(data)}
              <YAxis fontSize={12} unit=" ms" width={70} />
              <Tooltip labelFormatter={tooltipTime} formatter={(v) => `${v} ms`} />
              <Legend />
              {latency.families.map((family, i) => (
                <Line
                  key={family}
                  type="monotone"
                  dataKey={family}
                  stroke={COLORS[i % COLORS.length]}
                  dot={{ r: 1.5 }}
                  strokeWidth={2}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ChartBox>
        </Card>
        <Card title="Cache hit ratio" description="Share of cached-query lookups answered by Redis, per 10 seconds.">
          <ChartBox
            testId="cache-chart"
            empty={cache.length ? null : "The ratio appears once cached queries have run."}
          >
            <LineChart data={cache} margin={{ top: 10, right: 24, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ec" />
              {timeAxis(data)}
              <YAxis domain={[0, 100]} unit="%" fontSize={12} width={55} />
              <Tooltip
                labelFormatter={tooltipTime}
                formatter={(v, name) => (name === "hit ratio" ? `${v}%` : String(v))}
              />
              <Legend />
              <Line
                type="monotone"
                dataKey="hitRatio"
                name="hit ratio"
                stroke={COLORS[2]}
                dot={{ r: 1.5 }}
                strokeWidth={2}
                isAnimationActive={false}
              />
            </LineChart>
          </ChartBox>
        </Card>
      </div>
    </div>
  );
}
