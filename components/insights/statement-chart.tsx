"use client";
// One statement's history between snapshots: calls, mean or total time per
// 5-minute interval, for the statement chosen in the list.
import { useState } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StatementSeries } from "@/lib/monitoring/snapshots";
import { formatDateTime } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

const METRICS = { calls: "Calls", meanMs: "Mean ms", totalMs: "Total ms" } as const;
type Metric = keyof typeof METRICS;

export function StatementChart({ series, from, to }: { series: StatementSeries[]; from: number; to: number }) {
  const [id, setId] = useState(series[0]?.id);
  const [metric, setMetric] = useState<Metric>("meanMs");
  const chosen = series.find((s) => s.id === id) ?? series[0];
  return (
    <div className={ui.stack}>
      <div className={ui.toolbar}>
        <label className={ui.field}>
          Statement
          <select value={chosen?.id} onChange={(e) => setId(e.target.value)}>
            {series.map((s) => (
              <option key={s.id} value={s.id}>
                {s.query.replace(/\s+/g, " ").slice(0, 90)}
              </option>
            ))}
          </select>
        </label>
        <label className={ui.field}>
          Show
          <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
            {Object.entries(METRICS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div style={{ height: 240 }} data-testid="statement-chart">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={chosen?.points ?? []}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              tickFormatter={(t: number) => formatDateTime(new Date(t)).slice(0, 18)}
              minTickGap={60}
              fontSize={12}
            />
            <YAxis fontSize={12} width={60} />
            <Tooltip labelFormatter={(t) => formatDateTime(new Date(Number(t)))} />
            <Line
              type="monotone"
              dataKey={metric}
              name={METRICS[metric]}
              stroke="#1f55c9"
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
