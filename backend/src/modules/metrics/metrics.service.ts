import type { Db } from "../../db/client.js";
import { unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { isAdmin } from "../access/access.service.js";
import { getPrompt } from "../prompts/prompts.service.js";
import {
  openUsageView,
  type TopError,
  type UsageBreakdown,
  type UsageEventRow,
  type UsageFigures,
  type UsageQuery,
} from "../usage/usage.service.js";
import { findPromptTotals, type PromptTotals } from "./metrics.repository.js";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const TOP_PROMPTS = 10;
const TOP_ERRORS = 10;
const LATEST_ERRORS = 5;
/** Up to this span the series is hourly; beyond, daily. */
const HOURLY_UP_TO_MS = 48 * HOUR_MS;
export const MAX_RANGE_DAYS = 400;
const DEFAULT_RANGE_MS = 7 * DAY_MS;

const floorTo = (time: number, size: number) => Math.floor(time / size) * size;
const ceilTo = (time: number, size: number) => Math.ceil(time / size) * size;

export type DashboardQuery = UsageQuery & { from?: Date; to?: Date };

export type Dashboard = PromptTotals & {
  expands24h: number;
  /** The UTC days of the range that saw expansions. */
  dailyUsage: { date: string; count: number }[];
  range: { from: Date; to: Date; unit: "hour" | "day" };
  summary: UsageFigures;
  series: UsageBreakdown["series"];
  topPrompts: (UsageFigures & { name: string })[];
  topErrors: TopError[];
  channels: (UsageFigures & { channel: string })[];
};

/** Expansions per UTC day of a series (hourly or daily), days without any left out. */
function dailyCounts(series: UsageBreakdown["series"]): Dashboard["dailyUsage"] {
  const days = new Map<string, number>();
  for (const point of series) {
    const date = point.start.toISOString().slice(0, 10);
    days.set(date, (days.get(date) ?? 0) + point.expansions);
  }
  return [...days].filter(([, count]) => count > 0).map(([date, count]) => ({ date, count }));
}

/**
 * The range in whole hours (rollups' resolution); 422 when it makes no sense. By default the
 * last 7 UTC days, today included; with only `to`, the 7 days before it.
 */
function rangeOf(query: DashboardQuery, now: Date): Dashboard["range"] {
  const requestedTo = query.to ?? now;
  const requestedFrom =
    query.from ??
    (query.to === undefined
      ? new Date(floorTo(now.getTime(), DAY_MS) - 6 * DAY_MS)
      : new Date(requestedTo.getTime() - DEFAULT_RANGE_MS));
  if (requestedFrom >= requestedTo) throw unprocessable("from must be earlier than to", "invalid_time_range");
  const from = new Date(floorTo(requestedFrom.getTime(), HOUR_MS));
  const to = new Date(ceilTo(requestedTo.getTime(), HOUR_MS));
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw unprocessable(`The time range may span at most ${MAX_RANGE_DAYS} days`, "time_range_too_long");
  }
  return { from, to, unit: to.getTime() - from.getTime() <= HOURLY_UP_TO_MS ? "hour" : "day" };
}

/**
 * The usage dashboard for the caller: the events they may read (admins all, team owners their
 * teams' and their own, others their own), narrowed by the filters, over the range; plus the last
 * 24 hours and how many prompts the caller owns (admins: all).
 */
export async function getDashboard(
  db: Db,
  principal: Principal,
  query: DashboardQuery,
  now = new Date(),
): Promise<Dashboard> {
  const range = rangeOf(query, now);
  const view = await openUsageView(db, principal, query, now);
  const lastDay = {
    from: new Date(floorTo(now.getTime() - DAY_MS, HOUR_MS)),
    to: new Date(ceilTo(now.getTime() + 1, HOUR_MS)),
    unit: "hour" as const,
  };
  const [prompts, inRange, errors, expands24h] = await Promise.all([
    findPromptTotals(db, isAdmin(principal) ? { kind: "all" } : { kind: "owner", userId: principal.user.id }),
    view.summarize(range, ["prompt", "channel"], { top: { prompt: TOP_PROMPTS } }),
    view.topErrors(range, TOP_ERRORS),
    view.count(lastDay),
  ]);
  return {
    ...prompts,
    expands24h,
    dailyUsage: dailyCounts(inRange.series),
    range,
    summary: inRange.total,
    series: inRange.series,
    topPrompts: (inRange.by.prompt ?? []).map(({ key, ...figures }) => ({
      name: key ?? "",
      ...figures,
    })),
    topErrors: errors,
    channels: (inRange.by.channel ?? []).map(({ key, ...figures }) => ({ channel: key ?? "", ...figures })),
  };
}

export type PromptUsage = {
  prompt: string;
  from: Date;
  to: Date;
  total: UsageFigures;
  series: UsageBreakdown["series"];
  versions: (UsageFigures & { version: string })[];
  labels: (UsageFigures & { label: string | null })[];
  channels: (UsageFigures & { channel: string })[];
  latestErrors: UsageEventRow[];
};

/**
 * A prompt's usage over the last `days` UTC days (today included) for its page: the events of
 * it the caller may read, as for the dashboard. 404 when the caller cannot see the prompt.
 */
export async function getPromptUsage(
  db: Db,
  principal: Principal,
  name: string,
  days: number,
  now = new Date(),
): Promise<PromptUsage> {
  const { prompt } = await getPrompt(db, principal, name);
  const from = new Date(floorTo(now.getTime(), DAY_MS) - (days - 1) * DAY_MS);
  const to = new Date(ceilTo(now.getTime() + 1, HOUR_MS));
  const view = await openUsageView(db, principal, { prompt: prompt.name }, now);
  const [usage, versions, failures] = await Promise.all([
    view.summarize({ from, to, unit: "day" }, ["channel"]),
    view.versions({ from, to }),
    openUsageView(db, principal, { prompt: prompt.name, status: "error" }, now).then((errors) =>
      errors.latest(LATEST_ERRORS),
    ),
  ]);
  return {
    prompt: prompt.name,
    from,
    to,
    total: usage.total,
    series: usage.series,
    versions: (versions.version ?? []).map(({ key, ...figures }) => ({ version: key ?? "", ...figures })),
    labels: (versions.label ?? []).map(({ key, ...figures }) => ({ label: key, ...figures })),
    channels: (usage.by.channel ?? []).map(({ key, ...figures }) => ({ channel: key ?? "", ...figures })),
    latestErrors: failures,
  };
}
