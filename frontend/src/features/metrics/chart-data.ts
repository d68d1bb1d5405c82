/** One bar of the daily usage chart: a UTC day, a short label for the axis, and its expansions. */
export type DayPoint = { date: string; label: string; count: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The API lists only days that had expansions; a chart needs every day of the window, so the
 * missing ones are filled with zero. The window is the last `days` UTC days, today included,
 * the same days the API counts.
 */
export function fillDailyUsage(
  usage: readonly { date: string; count: number }[],
  now: Date = new Date(),
  days = 7,
): DayPoint[] {
  const counts = new Map(usage.map((day) => [day.date, day.count]));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const label = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
  return Array.from({ length: days }, (_, index) => {
    const day = new Date(today - (days - 1 - index) * DAY_MS);
    const date = day.toISOString().slice(0, 10);
    return { date, label: label.format(day), count: counts.get(date) ?? 0 };
  });
}

/** Whether there is anything to chart: any expansion at all, ever. */
export function hasUsage(dashboard: { total_expands: number }): boolean {
  return dashboard.total_expands > 0;
}
