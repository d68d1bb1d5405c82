// TEMPORARY: a prompt's usage (GET /metrics/prompts/{name}) as written in the expansion log's
// specification, until the backend's OpenAPI document has it. Replace with the generated types.
import { ApiError } from "@/lib/api/errors";
import type { Channel } from "@/lib/usage-format";

type Bucket = { start: string; expansions: number; errors: number; error_rate_pct: number; avg_latency_ms: number };

export type PromptUsageEvent = {
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
  status: "success" | "error";
  status_code: number;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number;
  input_bytes: number;
  output_bytes: number | null;
  input_excerpt: string | null;
  output_excerpt: string | null;
};

export type PromptUsage = {
  prompt: string;
  from: string;
  to: string;
  expansions: number;
  errors: number;
  error_rate_pct: number;
  avg_latency_ms: number;
  p95_latency_ms: number;
  series: Bucket[];
  versions: { version: string; expansions: number; errors: number }[];
  labels: { label: string | null; expansions: number; errors: number }[];
  channels: { channel: Channel; expansions: number; errors: number }[];
  latest_errors: PromptUsageEvent[];
};

export async function fetchPromptUsage(name: string, days: number): Promise<PromptUsage> {
  const response = await fetch(`/api/v1/metrics/prompts/${encodeURIComponent(name)}?days=${days}`, {
    credentials: "same-origin",
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body);
  return body as PromptUsage;
}
