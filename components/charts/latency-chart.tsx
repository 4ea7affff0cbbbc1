"use client";
// Query latency per family (a percentile of each 10-second bucket).
import { CartesianGrid, Legend, Line, LineChart, Tooltip, YAxis } from "recharts";
import { ChartBox, COLORS, MARGIN, timeAxis, tooltipTime } from "./chart-parts";
import type { latencyRows, SeriesResponse } from "./series";

export function LatencyChart({ data, latency }: { data: SeriesResponse; latency: ReturnType<typeof latencyRows> }) {
  return (
    <ChartBox
      testId="latency-chart"
      empty={
        latency.rows.length
          ? null
          : "Latency appears once the app has run queries (browse Scans, Watchlists or Alerts)."
      }
    >
      <LineChart data={latency.rows} margin={MARGIN}>
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
            dot={false}
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartBox>
  );
}
