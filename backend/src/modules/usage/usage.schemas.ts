import { z } from "zod";
import { USAGE_CALLER_TYPES, USAGE_CHANNELS } from "../../db/schema.js";
import { timestamp, toIso } from "../../http/schemas.js";
import type { UsageEventRow, UsageQuery } from "./usage.service.js";

export const USAGE_PAGE_MAX = 200;

export const dateTimeParam = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z` })
    .transform((value) => new Date(value));

/** The filters of the expansion log, shared by the events list and the aggregates. */
export const usageFilterQuery = z.object({
  prompt: z.string().min(1).max(200).optional().describe("Expansions of this prompt (its exact name)"),
  user_id: z.uuid({ error: "user_id must be a user id (UUID)" }).optional().describe("Expansions by this user"),
  team_id: z
    .uuid({ error: "team_id must be a team id (UUID)" })
    .optional()
    .describe("Expansions by members of this team or any team below it (their team at the time)"),
  project_id: z
    .uuid({ error: "project_id must be a project id (UUID)" })
    .optional()
    .describe("Expansions under this project"),
  channel: z
    .enum(USAGE_CHANNELS)
    .optional()
    .describe("`rest`, `mcp_tool` (sh-run), `mcp_prompt` (MCP prompts/get) or `workflow` (a workflow step)"),
  status: z.enum(["success", "error"]).optional().describe("`success` (200) or `error` (anything else)"),
});

export const toUsageQuery = (query: z.infer<typeof usageFilterQuery>): UsageQuery => ({
  prompt: query.prompt,
  userId: query.user_id,
  teamId: query.team_id,
  projectId: query.project_id,
  channel: query.channel,
  status: query.status,
});

export const usageEventsQuery = usageFilterQuery.extend({
  from: dateTimeParam("from").optional().describe("Expansions at or after this moment"),
  to: dateTimeParam("to").optional().describe("Expansions before this moment"),
  cursor: z.string().max(200).optional().describe("`next_cursor` of the previous page; absent for the newest"),
  limit: z.coerce.number().int().min(1).max(USAGE_PAGE_MAX).default(50),
});

const named = z.object({ id: z.string(), name: z.string().nullable() });

export const usageEventResponse = z.object({
  id: z.string(),
  occurred_at: timestamp,
  caller_type: z.enum(USAGE_CALLER_TYPES),
  user: z.object({ id: z.string(), username: z.string().nullable(), display_name: z.string().nullable() }).nullable(),
  api_key: named.nullable().describe("The API key called with; its name is null once the key is gone"),
  team: named.nullable().describe("The caller's team when it expanded"),
  project: named.nullable(),
  prompt: z.string(),
  version: z.string().describe("The version served; when it failed, what was asked for (`latest` when nothing)"),
  label: z
    .string()
    .nullable()
    .describe("The label asked for, else `production`/`latest` when served by default; null for an exact version"),
  channel: z.enum(USAGE_CHANNELS),
  status: z.enum(["success", "error"]),
  status_code: z.number().int(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable().describe("What the caller was told, e.g. which input or variable"),
  latency_ms: z.number(),
  input_bytes: z.number().int(),
  output_bytes: z.number().int().nullable().describe("System and user message; null when it failed"),
  input_excerpt: z.string().nullable().describe("Only while usage sampling is on: at most 1 KB, redacted"),
  output_excerpt: z.string().nullable(),
});

export const usageEventsResponse = z.object({
  items: z.array(usageEventResponse),
  next_cursor: z.string().nullable().describe("Pass as `cursor` (with the same filters) for older events"),
});

export function toUsageEventResponse(row: UsageEventRow): z.infer<typeof usageEventResponse> {
  const ok = row.statusCode >= 200 && row.statusCode < 300;
  return {
    id: String(row.id),
    occurred_at: toIso(row.createdAt),
    caller_type: row.callerType,
    user: row.userId ? { id: row.userId, username: row.username, display_name: row.displayName } : null,
    api_key: row.apiKeyId ? { id: row.apiKeyId, name: row.apiKeyName } : null,
    team: row.teamId ? { id: row.teamId, name: row.teamName } : null,
    project: row.projectId ? { id: row.projectId, name: row.projectName } : null,
    prompt: row.promptName,
    version: row.promptVersion,
    label: row.label,
    channel: row.channel,
    status: ok ? "success" : "error",
    status_code: row.statusCode,
    error_code: row.errorCode,
    error_message: row.errorMessage,
    latency_ms: row.latencyMs,
    input_bytes: row.inputBytes,
    output_bytes: row.outputBytes,
    input_excerpt: row.inputExcerpt,
    output_excerpt: row.outputExcerpt,
  };
}
