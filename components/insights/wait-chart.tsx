"use client";
// Average active sessions by wait class, stacked, one point per bucket. Clicking
// a bucket selects its span (the tables below follow it, the URL keeps it),
// shaded on the chart.
import { useRouter } from "next/navigation";
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { WaitPoint } from "@/lib/monitoring/waits/history";
import { COLORS } from "@/components/charts/chart-parts";
import { formatDateTime, formatTime } from "@/components/ui/format";

/** The classes in a fixed order and colour: CPU first, the waits after. */
const CLASS_ORDER = ["CPU", "Lock", "LWLock", "IO", "Client", "IPC", "Timeout", "BufferPin", "Extension", "Activity"];
const rank = (waitClass: string) => (CLASS_ORDER.includes(waitClass) ? CLASS_ORDER.indexOf(waitClass) : 99);
const colour = (waitClass: string) => COLORS[rank(waitClass) % COLORS.length];

export function WaitChart(props: {
  points: WaitPoint[];
  from: number;
  to: number;
  bucketMs: number;
  /** Where a click on a bucket goes: the span's ends are appended. Without it the chart only shows. */
  selectHref?: string;
  /** The span selected now, shaded on the chart. */
  selected?: { from: number; to: number } | null;
  height?: number;
}) {
  const router = useRouter();
  const { points, from, to, bucketMs, selectHref, height = 240 } = props;
  const classes = [...new Set(points.flatMap((p) => Object.keys(p.byClass)))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const data = points.map((p) => ({ t: p.t, ...Object.fromEntries(classes.map((c) => [c, p.byClass[c] ?? 0])) }));
  const short = to - from <= 86_400_000;
  return (
    <div style={{ height }} data-testid="wait-chart" data-classes={classes.join(",")}>
      <ResponsiveContainer width="100%" height={height}>
        <AreaChart
          data={data}
          onClick={(state) => {
            // the bucket under the pointer: recharts names it by its index in the data
            const t = data[Number(state?.activeTooltipIndex)]?.t ?? Number(state?.activeLabel);
            if (selectHref && Number.isFinite(t))
              router.push(`${selectHref}&from=${t}&to=${t + bucketMs}`, { scroll: false });
          }}
          style={selectHref ? { cursor: "pointer" } : undefined}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[from, to]}
            tickFormatter={(t: number) =>
              short ? formatTime(t).slice(0, 5) : formatDateTime(new Date(t)).slice(0, 12)
            }
            minTickGap={40}
            fontSize={12}
          />
          <YAxis fontSize={12} width={40} allowDecimals />
          <Tooltip
            labelFormatter={(t) => formatDateTime(new Date(Number(t)))}
            formatter={(v) => Number(v).toFixed(2)}
          />
          <Legend />
          {props.selected && (
            <ReferenceArea
              x1={props.selected.from}
              x2={props.selected.to}
              fill="var(--accent)"
              fillOpacity={0.18}
              stroke="var(--accent)"
              className="wait-selection"
            />
          )}
          {classes.map((c) => (
            <Area
              key={c}
              type="stepAfter"
              dataKey={c}
              name={c}
              stackId="load"
              stroke={colour(c)}
              fill={colour(c)}
              fillOpacity={0.6}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
