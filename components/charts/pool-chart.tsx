"use client";
// Pool connections per state, against the pool size and the hard maximum.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, YAxis } from "recharts";
import { ChartBox, COLORS, MARGIN, timeAxis, tooltipTime } from "./chart-parts";
import type { poolRows, SeriesResponse } from "./series";

export function PoolChart({ data, rows }: { data: SeriesResponse; rows: ReturnType<typeof poolRows> }) {
  const size = rows.at(-1)?.size;
  const max = rows.at(-1)?.max;
  return (
    <ChartBox testId="pool-chart" empty={rows.length ? null : "Each app process samples its pool every 5 seconds."}>
      <LineChart data={rows} margin={MARGIN}>
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
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartBox>
  );
}
