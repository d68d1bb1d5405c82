"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DayPoint } from "./chart-data";

// Theme colours from CSS variables, so the charts follow light and dark mode without re-rendering.
// Animations are off: a chart that grows into place says nothing more, and bothers people who
// prefer reduced motion.
const PRIMARY = "var(--color-primary)";
const WARNING = "var(--color-warning)";
const GRID = "var(--color-border)";
const AXIS = { fontSize: 12, fill: "var(--color-muted-foreground)" };
const TOOLTIP = {
  contentStyle: {
    background: "var(--color-popover)",
    color: "var(--color-popover-foreground)",
    border: "1px solid var(--color-border)",
    borderRadius: 8,
    fontSize: 12,
  },
  cursor: { fill: "var(--color-muted)", opacity: 0.6 },
};

export type TopPromptPoint = { name: string; count: number; avg_latency_ms: number };

/** Expansions per day over the last week. Recharts is loaded only by the pages that chart. */
export function DailyUsageChart({ data }: { data: DayPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      {/* No keyboard layer: the chart is hidden from assistive technology (a table beside it reads
          out the same numbers), so it must not take focus either. */}
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={false} />
        <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
        <Tooltip {...TOOLTIP} formatter={(value) => [value, "Expansions"]} />
        <Bar
          dataKey="count"
          name="Expansions"
          fill={PRIMARY}
          radius={[4, 4, 0, 0]}
          maxBarSize={48}
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The most expanded prompts: expansions as bars, their mean latency as a line on its own axis. */
export function TopPromptsChart({ data }: { data: TopPromptPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={300}>
      {/* Hidden from assistive technology like the chart above (the list beside it has the numbers). */}
      <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 0, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis dataKey="name" tick={AXIS} tickLine={false} axisLine={false} interval={0} />
        <YAxis yAxisId="count" allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
        <YAxis yAxisId="latency" orientation="right" tick={AXIS} tickLine={false} axisLine={false} unit=" ms" />
        <Tooltip {...TOOLTIP} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar
          yAxisId="count"
          dataKey="count"
          name="Expansions"
          fill={PRIMARY}
          radius={[4, 4, 0, 0]}
          maxBarSize={48}
          isAnimationActive={false}
        />
        <Line
          yAxisId="latency"
          dataKey="avg_latency_ms"
          name="Avg latency (ms)"
          stroke={WARNING}
          strokeWidth={2}
          dot={{ r: 3, fill: WARNING }}
          type="monotone"
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
