// TEMPORARY: the expansion log API (usage events, the extended dashboard) as written in its
// specification, until the backend's OpenAPI document has it. Replace with the generated types.
import { ApiError } from "@/lib/api/errors";
import type { ResponseBody } from "@/lib/api/types";
import type { Channel } from "@/lib/usage-format";

export type UsageStatus = "success" | "error";

export type UsageEvent = {
  id: string;
  occurred_at: string;
  caller_type: "user" | "api_key" | "anonymous";
  user: { id: string; username: string | null; display_name: string | null } | null;
  api_key: { id: string; name: string | null } | null;
  team: { id: string; name: string | null } | null;
  project: { id: string; name: string | null } | null;
  prompt: string;
  version: string;
  label: string | null;
  channel: Channel;
  status: UsageStatus;
  status_code: number;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number;
  input_bytes: number;
  output_bytes: number | null;
  input_excerpt: string | null;
  output_excerpt: string | null;
};

export type UsageEventsQuery = {
  prompt?: string;
  user_id?: string;
  team_id?: string;
  project_id?: string;
  channel?: Channel;
  status?: UsageStatus;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
};

export type UsageEventsPage = { items: UsageEvent[]; next_cursor: string | null };

type Bucket = { start: string; expansions: number; errors: number; error_rate_pct: number; avg_latency_ms: number };

export type MetricsDashboard = Omit<ResponseBody<"/api/v1/metrics/dashboard", "get">, "top_prompts"> & {
  top_prompts: { name: string; count: number; avg_latency_ms: number; errors: number; error_rate_pct: number }[];
  range: { from: string; to: string; bucket: "hour" | "day" };
  summary: {
    expansions: number;
    errors: number;
    error_rate_pct: number;
    avg_latency_ms: number;
    p50_latency_ms: number;
    p95_latency_ms: number;
    p99_latency_ms: number;
    max_latency_ms: number;
  };
  series: Bucket[];
  top_errors: {
    error_code: string | null;
    error_message: string | null;
    status_code: number;
    count: number;
    last_seen_at: string;
  }[];
  channels: { channel: Channel; expansions: number; errors: number }[];
};

export type DashboardQuery = Omit<UsageEventsQuery, "cursor" | "limit">;

/** GET with a query string, throwing an `ApiError` as `unwrap` does. */
export async function getJson<T>(path: string, query: Record<string, string | number | undefined>): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const response = await fetch(`${path}?${params}`, { credentials: "same-origin" });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}
