import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { ResponseBody } from "@/lib/api/types";

export type MetricsDashboard = ResponseBody<"/api/v1/metrics/dashboard", "get">;

/** Same key as the dashboard's figures: both pages share one cached answer. */
export const metricsKeys = { dashboard: ["metrics", "dashboard"] as const };

export function useMetricsDashboard() {
  return useQuery({
    queryKey: metricsKeys.dashboard,
    queryFn: () => unwrap(api.GET("/api/v1/metrics/dashboard")),
    // Usage changes as IDEs expand prompts; a minute-old picture is fine, a stale hour is not.
    refetchInterval: 60_000,
  });
}
