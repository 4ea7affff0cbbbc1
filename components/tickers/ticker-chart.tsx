"use client";
// A ticker's scans per day: the best score (right axis, 0–10) and the average
// pivot and entry price (left axis, dollars). One point per day with scans.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { COLORS, HEIGHT, MARGIN } from "@/components/charts/chart-parts";
import { EmptyState } from "@/components/ui/empty-state";

export type TickerChartRow = { t: number; bestScore: number; pivot: number | null; entry: number | null };

const date = (t: number) => new Date(t).toISOString().slice(5, 10);
const money = (v: number) => `$${v.toFixed(2)}`;

export function TickerChart({ rows }: { rows: TickerChartRow[] }) {
  if (!rows.length)
    return <EmptyState title="No scans in this range">Choose a longer range to see earlier scans.</EmptyState>;
  return (
    <div style={{ height: HEIGHT }} data-testid="ticker-chart">
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={date}
            fontSize={12}
            minTickGap={40}
          />
          <YAxis yAxisId="price" fontSize={12} width={70} tickFormatter={money} domain={["auto", "auto"]} />
          <YAxis yAxisId="score" orientation="right" domain={[0, 10]} fontSize={12} width={40} />
          <Tooltip
            labelFormatter={(t) => `${new Date(Number(t)).toISOString().slice(0, 10)} (UTC)`}
            formatter={(v, name) => (name === "best score" ? Number(v).toFixed(1) : money(Number(v)))}
          />
          <Legend />
          <Line
            yAxisId="price"
            dataKey="pivot"
            name="pivot (avg)"
            stroke={COLORS[0]}
            dot={false}
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            yAxisId="price"
            dataKey="entry"
            name="entry (avg)"
            stroke={COLORS[1]}
            dot={false}
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            yAxisId="score"
            dataKey="bestScore"
            name="best score"
            stroke={COLORS[2]}
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
