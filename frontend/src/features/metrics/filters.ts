import type { QueryParams } from "@/lib/api/types";
import { CHANNELS, type Channel } from "@/lib/usage-format";

/** The filters and the range, as the dashboard and the events API take them. */
export type DashboardQuery = QueryParams<"/api/v1/metrics/dashboard", "get">;
export type UsageStatus = NonNullable<DashboardQuery["status"]>;

/** What the metrics pages keep in the URL, so a view can be bookmarked, shared and gone back to. */
export const METRICS_PARAMS = [
  "range",
  "from",
  "to",
  "prompt",
  "user_id",
  "team_id",
  "project_id",
  "channel",
  "status",
  "error_code",
] as const;
export type MetricsParam = (typeof METRICS_PARAMS)[number];
export type MetricsParams = Record<MetricsParam, string>;

export const RANGES = [
  { value: "24h", label: "Last 24 hours", hours: 24 },
  { value: "7d", label: "Last 7 days", hours: 7 * 24 },
  { value: "30d", label: "Last 30 days", hours: 30 * 24 },
  { value: "custom", label: "Custom range…", hours: 0 },
] as const;
export type RangeValue = (typeof RANGES)[number]["value"];
/** The backend's default window, so the plain /metrics link asks for it. */
export const DEFAULT_RANGE: RangeValue = "7d";
/** The longest range the dashboard answers. */
export const MAX_RANGE_DAYS = 400;

export const STATUSES: { value: UsageStatus; label: string }[] = [
  { value: "success", label: "Succeeded" },
  { value: "error", label: "Failed" },
];

export type UsageFilters = {
  prompt: string;
  userId: string;
  teamId: string;
  projectId: string;
  channel: Channel | "";
  status: UsageStatus | "";
};

export const NO_FILTERS: UsageFilters = { prompt: "", userId: "", teamId: "", projectId: "", channel: "", status: "" };

export type MetricsState = {
  range: RangeValue;
  /** ISO-8601 instants, for the custom range only. */
  from: string;
  to: string;
  filters: UsageFilters;
  /**
   * The events page shows only errors with this code: the events API has no such filter, so the
   * rows it sends are matched here.
   */
  errorCode: string;
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ID = /^[\w-]{1,64}$/;
const CODE = /^[\w.-]{1,100}$/;

/** An ISO-8601 instant as the API writes it, or "" when `text` is not one. */
export function normalizeInstant(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return "";
  const time = Date.parse(text);
  return Number.isNaN(time) ? "" : new Date(time).toISOString();
}

/** The page's state from the URL; values that cannot be right are dropped rather than sent. */
export function readMetricsState(params: MetricsParams): MetricsState {
  const from = normalizeInstant(params.from);
  const to = normalizeInstant(params.to);
  const named = RANGES.find((range) => range.value === params.range)?.value;
  // A link carrying only from and to (say, from a chart) is a custom range.
  const range: RangeValue = named ?? (from || to ? "custom" : DEFAULT_RANGE);
  return {
    range,
    from: range === "custom" ? from : "",
    to: range === "custom" ? to : "",
    filters: {
      prompt: params.prompt.trim().slice(0, 200),
      userId: ID.test(params.user_id) ? params.user_id : "",
      teamId: ID.test(params.team_id) ? params.team_id : "",
      projectId: ID.test(params.project_id) ? params.project_id : "",
      channel: CHANNELS.find((channel) => channel === params.channel) ?? "",
      status: STATUSES.find((status) => status.value === params.status)?.value ?? "",
    },
    errorCode: CODE.test(params.error_code) ? params.error_code : "",
  };
}

/** The state as URL parameters, in a fixed order; defaults and empty values are left out. */
export function metricsParams(state: MetricsState): Record<MetricsParam, string | null> {
  const custom = state.range === "custom";
  const { filters } = state;
  return {
    range: state.range === DEFAULT_RANGE ? null : state.range,
    from: custom ? state.from || null : null,
    to: custom ? state.to || null : null,
    prompt: filters.prompt || null,
    user_id: filters.userId || null,
    team_id: filters.teamId || null,
    project_id: filters.projectId || null,
    channel: filters.channel || null,
    status: filters.status || null,
    error_code: state.errorCode || null,
  };
}

/** Whether anything narrows the events beyond the time range. */
export function isFiltered(filters: UsageFilters): boolean {
  return Object.values(filters).some(Boolean);
}

/** What is wrong with a custom range, if anything; presets are always right. */
export function rangeProblem(state: Pick<MetricsState, "range" | "from" | "to">): string | null {
  if (state.range !== "custom") return null;
  if (!state.from || !state.to) return "Choose when the range starts and ends";
  const span = Date.parse(state.to) - Date.parse(state.from);
  if (span <= 0) return "The end must come after the start";
  if (span > MAX_RANGE_DAYS * DAY_MS) return `At most ${MAX_RANGE_DAYS} days`;
  return null;
}

/**
 * The instants a range covers: a preset counts back from `now`; a custom range is taken as
 * written. Null when a custom range is not usable (the page says why).
 */
export function resolveRange(state: MetricsState, now: Date): { from: string; to: string } | null {
  if (state.range === "custom") return rangeProblem(state) ? null : { from: state.from, to: state.to };
  const hours = RANGES.find((range) => range.value === state.range)?.hours ?? 0;
  return { from: new Date(now.getTime() - hours * HOUR_MS).toISOString(), to: now.toISOString() };
}

/** The filters as the usage APIs take them; empty ones are left out. */
export function apiFilters(filters: UsageFilters): DashboardQuery {
  const query: DashboardQuery = {};
  if (filters.prompt) query.prompt = filters.prompt;
  if (filters.userId) query.user_id = filters.userId;
  if (filters.teamId) query.team_id = filters.teamId;
  if (filters.projectId) query.project_id = filters.projectId;
  if (filters.channel) query.channel = filters.channel;
  if (filters.status) query.status = filters.status;
  return query;
}

/** The full question to the dashboard or the events API at `now`; null while the range is unusable. */
export function usageQuery(state: MetricsState, now: Date): DashboardQuery | null {
  const range = resolveRange(state, now);
  return range ? { ...apiFilters(state.filters), ...range } : null;
}

function href(path: string, state: MetricsState): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(metricsParams(state))) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The metrics overview with the same range and filters (an error code means nothing there). */
export function overviewHref(state: MetricsState): string {
  return href("/metrics", { ...state, errorCode: "" });
}

/** The events behind a figure: the page's range and filters, with `changes` applied. */
export function eventsHref(
  state: MetricsState,
  changes: { filters?: Partial<UsageFilters>; range?: { from: string; to: string }; errorCode?: string } = {},
): string {
  const range = changes.range ? { range: "custom" as const, ...changes.range } : {};
  return href("/metrics/events", {
    ...state,
    ...range,
    filters: { ...state.filters, ...changes.filters },
    errorCode: changes.errorCode ?? "",
  });
}

/** Where a bucket of the series ends: an hour or a UTC day after it starts. */
export function bucketEnd(start: string, bucket: "hour" | "day"): string {
  return new Date(Date.parse(start) + (bucket === "hour" ? HOUR_MS : DAY_MS)).toISOString();
}

/** The events of one bucket of the series; only its failures with `errorsOnly`. */
export function bucketEventsHref(
  state: MetricsState,
  start: string,
  bucket: "hour" | "day",
  errorsOnly = false,
): string {
  return eventsHref(state, {
    range: { from: start, to: bucketEnd(start, bucket) },
    filters: errorsOnly ? { status: "error" } : {},
  });
}

/** The failed expansions behind the error rate, or one prompt's, or one channel's. */
export function errorEventsHref(state: MetricsState, filters: Partial<UsageFilters> = {}): string {
  return eventsHref(state, { filters: { ...filters, status: "error" } });
}

/** The failures behind one of the top errors: failed expansions, matched on its code. */
export function topErrorEventsHref(state: MetricsState, error: { error_code: string | null }): string {
  return eventsHref(state, { filters: { status: "error" }, errorCode: error.error_code ?? "" });
}

/** Whether an event belongs in a list narrowed to one error code ("" keeps every event). */
export function matchesErrorCode(event: { error_code: string | null }, errorCode: string): boolean {
  return !errorCode || event.error_code === errorCode;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** An instant as a `datetime-local` input shows it: the user's own time zone, to the minute. */
export function toLocalInput(iso: string): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` input's value (the user's time zone) as an ISO-8601 instant, or "". */
export function fromLocalInput(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return "";
  const [year, month, day, hours, minutes] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(year, month - 1, day, hours, minutes);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}
