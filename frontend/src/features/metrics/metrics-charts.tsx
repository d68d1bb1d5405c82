"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  type MouseHandlerDataParam,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { SeriesPoint } from "./chart-data";

// Theme colours from CSS variables, so the charts follow light and dark mode without re-rendering.
// Animations are off: a chart that grows into place says nothing more, and bothers people who
// prefer reduced motion.
const PRIMARY = "var(--color-primary)";
const DESTRUCTIVE = "var(--color-destructive)";
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

type ChartProps = {
  data: SeriesPoint[];
  /** A bucket was clicked: the page opens its events. */
  onSelect: (point: SeriesPoint) => void;
};

/** The bucket under the pointer when the chart is clicked, anywhere in its column. */
function selected(data: SeriesPoint[], state: MouseHandlerDataParam): SeriesPoint | undefined {
  const index = Number(state.activeIndex);
  return Number.isInteger(index) ? data[index] : undefined;
}

const titleOf = (_label: unknown, payload: readonly { payload?: SeriesPoint }[]) => payload[0]?.payload?.title ?? "";

/**
 * Expansions per bucket, successes and failures stacked. No keyboard layer: the chart is hidden
 * from assistive technology and the page lists the same buckets as links, so it must not take
 * focus either. Recharts is loaded only by this page.
 */
export function ExpansionsChart({ data, onSelect }: ChartProps) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart
        accessibilityLayer={false}
        data={data}
        margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
        onClick={(state) => {
          const point = selected(data, state);
          if (point) onSelect(point);
        }}
        style={{ cursor: "pointer" }}
      >
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={false} minTickGap={16} />
        <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
        <Tooltip {...TOOLTIP} labelFormatter={titleOf} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="successes" name="Succeeded" stackId="expansions" fill={PRIMARY} isAnimationActive={false} />
        <Bar
          dataKey="errors"
          name="Failed"
          stackId="expansions"
          fill={DESTRUCTIVE}
          radius={[4, 4, 0, 0]}
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The share of each bucket's expansions that failed, in percent. */
export function ErrorRateChart({ data, onSelect }: ChartProps) {
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart
        accessibilityLayer={false}
        data={data}
        margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
        onClick={(state) => {
          const point = selected(data, state);
          if (point) onSelect(point);
        }}
        style={{ cursor: "pointer" }}
      >
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={false} minTickGap={16} />
        <YAxis domain={[0, 100]} tick={AXIS} tickLine={false} axisLine={false} unit="%" />
        <Tooltip
          {...TOOLTIP}
          cursor={{ stroke: GRID }}
          labelFormatter={titleOf}
          formatter={(value) => [`${value} %`, "Error rate"]}
        />
        <Line
          dataKey="error_rate_pct"
          name="Error rate"
          stroke={DESTRUCTIVE}
          strokeWidth={2}
          dot={{ r: 2, fill: DESTRUCTIVE }}
          type="linear"
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
