"use client";
// What the overview's charts share: colours, the time axis, the box that says
// when there are no samples yet.
import { ResponsiveContainer, XAxis } from "recharts";
import { EmptyState } from "@/components/ui/empty-state";
import { formatTime } from "@/components/ui/format";
import type { SeriesResponse } from "./series";

/** Distinct hues, no two alike (blue, orange, green, purple, pink, brown, grey, red): a legend never shows two blues. */
export const COLORS = ["#1f55c9", "#c2410c", "#15803d", "#7c3aed", "#be185d", "#a16207", "#6b7280", "#b91c1c"];
export const HEIGHT = 240;
export const MARGIN = { top: 10, right: 24, bottom: 4, left: 0 };

export function timeAxis(data: Pick<SeriesResponse, "from" | "to">) {
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

export const tooltipTime = (t: unknown) => `${formatTime(Number(t))} UTC`;

export function ChartBox({
  empty,
  children,
  testId,
}: {
  empty: string | null;
  children: React.ReactElement;
  testId: string;
}) {
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
