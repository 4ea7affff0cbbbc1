"use client";
// The share of cached-query lookups answered without a query, per 10 seconds.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, YAxis } from "recharts";
import { ChartBox, COLORS, MARGIN, timeAxis, tooltipTime } from "./chart-parts";
import type { cacheRows, SeriesResponse } from "./series";

export function CacheChart({ data, rows }: { data: SeriesResponse; rows: ReturnType<typeof cacheRows> }) {
  return (
    <ChartBox testId="cache-chart" empty={rows.length ? null : "The ratio appears once cached queries have run."}>
      <LineChart data={rows} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ec" />
        {timeAxis(data)}
        <YAxis domain={[0, 100]} unit="%" fontSize={12} width={55} />
        <Tooltip labelFormatter={tooltipTime} formatter={(v, name) => (name === "hit ratio" ? `${v}%` : String(v))} />
        <Legend />
        <Line
          type="monotone"
          dataKey="hitRatio"
          name="hit ratio"
          stroke={COLORS[2]}
          dot={false}
          strokeWidth={2}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartBox>
  );
}
