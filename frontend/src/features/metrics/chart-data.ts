/** One bucket of the series as charted: when it starts, how its axis and tooltip name it, and its counts. */
export type SeriesPoint = {
  start: string;
  /** Short, for the axis: "14:00" for an hour, "May 3" for a day. */
  label: string;
  /** Long, for the tooltip and the table: the date with the hour, or the UTC day. */
  title: string;
  expansions: number;
  successes: number;
  errors: number;
  error_rate_pct: number;
  avg_latency_ms: number;
};

type Bucket = { start: string; expansions: number; errors: number; error_rate_pct: number; avg_latency_ms: number };

const hourLabel = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const hourTitle = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
// Days are UTC days, as the API counts them.
const dayLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const dayTitle = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeZone: "UTC" });

/**
 * The API's buckets ready to chart: successes and errors apart, so they stack into the bucket's
 * expansions, and each bucket named for the axis and for people.
 */
export function seriesPoints(series: readonly Bucket[], bucket: "hour" | "day"): SeriesPoint[] {
  return series.map((point) => {
    const start = new Date(point.start);
    return {
      start: point.start,
      label: (bucket === "hour" ? hourLabel : dayLabel).format(start),
      title: bucket === "hour" ? hourTitle.format(start) : `${dayTitle.format(start)} (UTC)`,
      expansions: point.expansions,
      successes: Math.max(0, point.expansions - point.errors),
      errors: point.errors,
      error_rate_pct: point.error_rate_pct,
      avg_latency_ms: point.avg_latency_ms,
    };
  });
}

/** A bar's length in percent of the longest one's (at least a sliver when not zero, so it shows). */
export function barWidth(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(2, Math.round((value / max) * 100));
}
