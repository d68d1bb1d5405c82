import { z } from "zod";
import { GOVERNANCE_REVIEW_MODES } from "../../db/schema.js";
import { labelField, named, nullableTimestamp, toIso } from "../../http/schemas.js";
import type { OrgSettings } from "./settings.service.js";

export const settingsResponse = z.object({
  protected_labels: z
    .array(z.string())
    .describe("Labels that move only through an approved change request (e.g. `production`)"),
  governance_review: z
    .enum(GOVERNANCE_REVIEW_MODES)
    .describe(
      "Policy and objective changes need an approved change request: `off` (never), `all` (on every team, and " +
        "organization-wide ones), `selected` (on the teams in `governance_review_team_ids`)",
    ),
  governance_review_team_ids: z.array(z.string()),
  audit_retention_days: z
    .number()
    .int()
    .nullable()
    .describe("Audit events older than this many days are pruned; null keeps them"),
  usage_sampling: z
    .boolean()
    .describe(
      "Whether the expansion log keeps excerpts of each expansion's input and output (at most 1 KB each, with " +
        "emails, tokens, keys and long hex/base64 runs redacted); off by default: sizes only",
    ),
  usage_retention_days: z.number().int().describe("Expansion log events older than this many days are pruned"),
  workflow_run_retention_days: z
    .number()
    .int()
    .describe("Workflow runs (the run history) older than this many days are pruned; 30 by default"),
  mcp_anonymous_access: z
    .boolean()
    .describe(
      "Whether `/mcp` serves callers without credentials (public prompts and workflows only); off by default, " +
        "so IDEs without credentials are told to sign in (401 with the OAuth protected resource metadata)",
    ),
  webhooks_allow_private: z
    .boolean()
    .describe(
      "Whether webhooks may point at private, loopback and link-local addresses and use plain http (for " +
        "development receivers); off by default, so webhooks reach only public https endpoints",
    ),
  updated_by_id: z.string().nullable(),
  updated_at: nullableTimestamp,
});

const auditRetentionDays = named("AuditRetentionDays", z.number().int().min(1).max(36_500));

/** How long the expansion log and the workflow run history are kept. */
const retentionDays = named("RetentionDays", z.number().int().min(1).max(3650));

export const settingsUpdateBody = z
  .object({
    protected_labels: z.array(labelField).max(50).optional(),
    governance_review: z.enum(GOVERNANCE_REVIEW_MODES).optional(),
    governance_review_team_ids: z.array(z.uuid()).max(1000).optional(),
    audit_retention_days: auditRetentionDays.nullable().optional(),
    usage_sampling: z.boolean().optional(),
    usage_retention_days: retentionDays.optional(),
    workflow_run_retention_days: retentionDays.optional(),
    mcp_anonymous_access: z.boolean().optional(),
    webhooks_allow_private: z.boolean().optional(),
  })
  .strict();

export function toSettingsResponse(row: OrgSettings): z.infer<typeof settingsResponse> {
  return {
    protected_labels: row.protectedLabels,
    governance_review: row.governanceReview,
    governance_review_team_ids: row.governanceReviewTeamIds,
    audit_retention_days: row.auditRetentionDays,
    usage_sampling: row.usageSampling,
    usage_retention_days: row.usageRetentionDays,
    workflow_run_retention_days: row.workflowRunRetentionDays,
    mcp_anonymous_access: row.mcpAnonymousAccess,
    webhooks_allow_private: row.webhooksAllowPrivate,
    updated_by_id: row.updatedById,
    updated_at: toIso(row.updatedAt),
  };
}
