import { z } from "zod";
import { AUDIT_CHANNELS, WORKFLOW_RUN_STATUSES } from "../../db/schema.js";
import { timestamp, toIso, uuidParam } from "../../http/schemas.js";
import { RUN_RECORD_MAX_BYTES } from "./workflow-run-record.js";
import type { WorkflowRunRow, WorkflowRunSummaryRow } from "./workflow-runs.repository.js";

export const RUN_PAGE_MAX = 100;

export const workflowRunParams = uuidParam("workflow_id").extend(uuidParam("run_id").shape);

export const workflowRunListQuery = z.object({
  status: z.enum(WORKFLOW_RUN_STATUSES).optional().describe("Only runs that ended this way"),
  cursor: z.string().max(100).optional().describe("`next_cursor` of the previous page; absent for the newest runs"),
  limit: z.coerce.number().int().min(1).max(RUN_PAGE_MAX).default(20),
});

export const workflowRunSummaryResponse = z.object({
  id: z.string(),
  workflow_id: z.string(),
  workflow_name: z.string().describe("The workflow's name when it ran"),
  user_id: z.string().nullable().describe("Who ran it; null for an anonymous caller"),
  username: z.string().nullable().describe("Their username when they ran it"),
  api_key_id: z.string().nullable().describe("The API key the run came with, if any"),
  channel: z.enum(AUDIT_CHANNELS).describe("`web` (the web UI), `rest`, `mcp` or `cli`"),
  project_id: z.string().nullable().describe("The project asked for in the run, if any"),
  label: z.string().nullable().describe("The label asked for in the run, if any"),
  status: z.enum(WORKFLOW_RUN_STATUSES),
  error: z.string().nullable().describe("Why the run failed: the failing step's error, or why it was refused"),
  step_count: z.number().int().describe("Steps that ran (a failing step stops the run)"),
  truncated: z
    .boolean()
    .describe(
      `Whether inputs or step texts were cut (with a marker) to keep the run within ${RUN_RECORD_MAX_BYTES} bytes`,
    ),
  started_at: timestamp,
  finished_at: timestamp,
  duration_ms: z.number().int(),
});

export const workflowRunStepResponse = z.object({
  step_id: z.string(),
  prompt_name: z.string(),
  prompt_version: z.string().describe("The version served, or what was asked for when the step failed"),
  status: z.enum(["success", "error"]),
  system_message: z.string().nullable(),
  user_message: z.string().describe("The step's output, as the run answered it"),
  error: z.string().nullable(),
  duration_ms: z.number().int(),
});

export const workflowRunDetailResponse = workflowRunSummaryResponse.extend({
  input: z.record(z.string(), z.unknown()).describe("The run input as given (long values cut with a marker)"),
  steps: z.array(workflowRunStepResponse),
});

export const workflowRunListResponse = z.object({
  items: z.array(workflowRunSummaryResponse),
  next_cursor: z
    .string()
    .nullable()
    .describe("Pass as `cursor` (with the same filter) for older runs; null on the last page"),
});

export function toWorkflowRunSummary(row: WorkflowRunSummaryRow): z.infer<typeof workflowRunSummaryResponse> {
  return {
    id: row.id,
    workflow_id: row.workflowId,
    workflow_name: row.workflowName,
    user_id: row.userId,
    username: row.username,
    api_key_id: row.apiKeyId,
    channel: row.channel,
    project_id: row.projectId,
    label: row.label,
    status: row.status,
    error: row.error,
    step_count: row.stepCount,
    truncated: row.truncated,
    started_at: toIso(row.startedAt),
    finished_at: toIso(row.finishedAt),
    duration_ms: row.durationMs,
  };
}

export function toWorkflowRunDetail(row: WorkflowRunRow): z.infer<typeof workflowRunDetailResponse> {
  return { ...toWorkflowRunSummary(row), input: row.input, steps: row.steps };
}
