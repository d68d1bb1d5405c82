import { z } from "zod";
import { USAGE_CHANNELS } from "../../db/schema.js";
import { timestamp, toIso } from "../../http/schemas.js";
import { dateTimeParam, toUsageEventResponse, usageEventResponse, usageFilterQuery } from "../usage/usage.schemas.js";
import type { UsageFigures } from "../usage/usage.service.js";
import type { Dashboard, PromptUsage } from "./metrics.service.js";

export const dashboardQuery = usageFilterQuery.extend({
  from: dateTimeParam("from")
    .optional()
    .describe("Start of the range (floored to the hour); default: 7 days before `to`"),
  to: dateTimeParam("to").optional().describe("End of the range (ceiled to the hour); default: now"),
});

const rate = z
  .number()
  .describe("Share of expansions that did not answer 200, in percent, rounded to 0.1; 0 when none");
const counts = {
  expansions: z.number().int(),
  errors: z.number().int(),
  error_rate_pct: rate,
  avg_latency_ms: z.number().describe("Rounded to 0.1 ms; 0 when none"),
};

const seriesPoint = z.object({ start: timestamp.describe("Start of the bucket"), ...counts });

export const dashboardResponse = z.object({
  total_prompts: z.number().int().describe("Prompts the caller owns (admins: all), deprecated ones included"),
  total_versions: z.number().int(),
  total_expands: z.number().int().describe("Expansions in the range, failed ones included (= summary.expansions)"),
  expands_24h: z.number().int().describe("Expansions in the last 24 hours (whole hours), whatever the range"),
  avg_latency_ms: z.number().describe("Mean expansion latency in the range, rounded to 0.1 ms; 0 when none"),
  error_rate_pct: rate.describe("Of the range's expansions, in percent, rounded to 0.1; 0 when none"),
  top_prompts: z
    .array(z.object({ name: z.string(), ...counts, count: z.number().int().describe("Same as expansions") }))
    .describe("Over the range, most expanded first, at most 10"),
  daily_usage: z
    .array(z.object({ date: z.string().describe("YYYY-MM-DD (UTC)"), count: z.number().int() }))
    .describe("Per UTC day of the range, oldest first; days without expansions are omitted"),
  range: z.object({
    from: timestamp,
    to: timestamp,
    bucket: z.enum(["hour", "day"]).describe("Series buckets: hours up to 48 hours, else UTC days"),
  }),
  summary: z.object({
    ...counts,
    p50_latency_ms: z.number().describe("Estimated from a latency histogram"),
    p95_latency_ms: z.number(),
    p99_latency_ms: z.number(),
    max_latency_ms: z.number(),
  }),
  series: z.array(seriesPoint).describe("Every bucket of the range, oldest first, empty ones included"),
  top_errors: z
    .array(
      z.object({
        error_code: z.string(),
        error_message: z.string(),
        status_code: z.number().int(),
        count: z.number().int(),
        last_seen_at: timestamp,
      }),
    )
    .describe("Over the range, most frequent first, at most 10"),
  channels: z.array(z.object({ channel: z.enum(USAGE_CHANNELS), ...counts })),
});

const countsOf = (figures: UsageFigures) => ({
  expansions: figures.expansions,
  errors: figures.errors,
  error_rate_pct: figures.errorRatePct,
  avg_latency_ms: figures.avgLatencyMs,
});

const seriesOf = (series: Dashboard["series"]) =>
  series.map((point) => ({ start: toIso(point.start), ...countsOf(point) }));

const channel = (name: string) => name as (typeof USAGE_CHANNELS)[number];

export const toDashboardResponse = (dashboard: Dashboard): z.infer<typeof dashboardResponse> => ({
  total_prompts: dashboard.totalPrompts,
  total_versions: dashboard.totalVersions,
  total_expands: dashboard.summary.expansions,
  expands_24h: dashboard.expands24h,
  avg_latency_ms: dashboard.summary.avgLatencyMs,
  error_rate_pct: dashboard.summary.errorRatePct,
  top_prompts: dashboard.topPrompts.map((top) => ({ name: top.name, count: top.expansions, ...countsOf(top) })),
  daily_usage: dashboard.dailyUsage,
  range: { from: toIso(dashboard.range.from), to: toIso(dashboard.range.to), bucket: dashboard.range.unit },
  summary: {
    ...countsOf(dashboard.summary),
    p50_latency_ms: dashboard.summary.p50LatencyMs,
    p95_latency_ms: dashboard.summary.p95LatencyMs,
    p99_latency_ms: dashboard.summary.p99LatencyMs,
    max_latency_ms: dashboard.summary.maxLatencyMs,
  },
  series: seriesOf(dashboard.series),
  top_errors: dashboard.topErrors.map((error) => ({
    error_code: error.errorCode,
    error_message: error.errorMessage,
    status_code: error.statusCode,
    count: error.count,
    last_seen_at: toIso(error.lastSeenAt),
  })),
  channels: dashboard.channels.map((row) => ({ channel: channel(row.channel), ...countsOf(row) })),
});

export const promptUsageParams = z.object({ name: z.string().min(1).max(200) });

export const promptUsageQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(30).describe("UTC days back, today included"),
});

export const promptUsageResponse = z.object({
  prompt: z.string(),
  from: timestamp,
  to: timestamp,
  ...counts,
  p95_latency_ms: z.number(),
  series: z.array(seriesPoint).describe("Daily, every day of the range, oldest first"),
  versions: z.array(z.object({ version: z.string(), expansions: z.number().int(), errors: z.number().int() })),
  labels: z
    .array(z.object({ label: z.string().nullable(), expansions: z.number().int(), errors: z.number().int() }))
    .describe("null: expanded by exact version"),
  channels: z.array(
    z.object({ channel: z.enum(USAGE_CHANNELS), expansions: z.number().int(), errors: z.number().int() }),
  ),
  latest_errors: z.array(usageEventResponse).describe("Newest first, at most 5"),
});

export const toPromptUsageResponse = (usage: PromptUsage): z.infer<typeof promptUsageResponse> => ({
  prompt: usage.prompt,
  from: toIso(usage.from),
  to: toIso(usage.to),
  ...countsOf(usage.total),
  p95_latency_ms: usage.total.p95LatencyMs,
  series: seriesOf(usage.series),
  versions: usage.versions.map((row) => ({ version: row.version, expansions: row.expansions, errors: row.errors })),
  labels: usage.labels.map((row) => ({ label: row.label, expansions: row.expansions, errors: row.errors })),
  channels: usage.channels.map((row) => ({
    channel: channel(row.channel),
    expansions: row.expansions,
    errors: row.errors,
  })),
  latest_errors: usage.latestErrors.map(toUsageEventResponse),
});
