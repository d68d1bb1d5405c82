import { z } from "zod";
import type { Dashboard } from "./metrics.service.js";

export const dashboardResponse = z.object({
  total_prompts: z.number().int().describe("Prompts, deprecated ones included"),
  total_versions: z.number().int(),
  total_expands: z.number().int().describe("Expansions recorded, all time, failed ones included"),
  expands_24h: z.number().int(),
  avg_latency_ms: z.number().describe("Mean expansion latency, all time, rounded to 0.1 ms; 0 when none"),
  error_rate_pct: z
    .number()
    .describe("Share of expansions that did not answer 200, in percent, rounded to 0.1; 0 when none"),
  top_prompts: z
    .array(z.object({ name: z.string(), count: z.number().int(), avg_latency_ms: z.number() }))
    .describe("Last 7 days, most expanded first, at most 10"),
  daily_usage: z
    .array(z.object({ date: z.string().describe("YYYY-MM-DD (UTC)"), count: z.number().int() }))
    .describe("Last 7 days, oldest first; days without expansions are omitted"),
});

export const toDashboardResponse = (dashboard: Dashboard): z.infer<typeof dashboardResponse> => ({
  total_prompts: dashboard.totalPrompts,
  total_versions: dashboard.totalVersions,
  total_expands: dashboard.totalExpands,
  expands_24h: dashboard.expands24h,
  avg_latency_ms: dashboard.avgLatencyMs,
  error_rate_pct: dashboard.errorRatePct,
  top_prompts: dashboard.topPrompts.map((top) => ({
    name: top.name,
    count: top.count,
    avg_latency_ms: top.avgLatencyMs,
  })),
  daily_usage: dashboard.dailyUsage,
});
