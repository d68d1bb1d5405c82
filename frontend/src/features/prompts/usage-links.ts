/**
 * Links from a prompt's usage panel to the metrics pages, narrowed to the prompt and the panel's
 * last 30 days. The metrics pages read these parameters from the URL.
 */
export function promptMetricsHref(name: string, view: "overview" | "events", errorsOnly = false): string {
  const params = new URLSearchParams({ range: "30d", prompt: name });
  if (errorsOnly) params.set("status", "error");
  return `${view === "overview" ? "/metrics" : "/metrics/events"}?${params}`;
}

/**
 * One day's bar of the panel's small chart: its height in percent of the busiest day's, and the
 * part of it that failed, in percent of the bar.
 */
export function dayBars(
  series: readonly { start: string; expansions: number; errors: number }[],
): { start: string; height: number; failedShare: number; expansions: number; errors: number }[] {
  const max = Math.max(0, ...series.map((day) => day.expansions));
  return series.map((day) => {
    return {
      start: day.start,
      expansions: day.expansions,
      errors: day.errors,
      height: max > 0 ? (day.expansions / max) * 100 : 0,
      failedShare: day.expansions > 0 ? (day.errors / day.expansions) * 100 : 0,
    };
  });
}
