import { z } from "zod";
import { ENFORCEMENT_TYPES } from "../../db/schema.js";
import { descriptionField, listOf, named, nameField, timestamp, toIso, uuidParam } from "../../http/schemas.js";
import {
  governanceSource,
  hasOneOwner,
  ONE_OWNER_ERROR,
  ownerFields,
  toGovernanceSource,
} from "../governance/governance.schemas.js";
import type { EffectivePolicy, PolicyRow } from "../governance/governance.types.js";

export const policyIdParam = uuidParam("policy_id");

const enforcementType = z
  .enum(ENFORCEMENT_TYPES)
  .describe(
    "prepend: before the system message; append: after the user message; inject: into `{{ policies }}`; validate: a check listed for the caller, no text change",
  );

const content = named(
  "PolicyContent",
  z.string().min(1, { error: "must not be empty" }).max(20_000, { error: "must be at most 20000 characters" }),
).describe("Literal text: never rendered as a template");

/** The column is a 32-bit integer. */
const priority = named("Priority", z.int32()).describe("Higher applies first");

export const policyResponse = z.object({
  id: z.string(),
  team_id: z.string().nullable(),
  project_id: z.string().nullable(),
  user_id: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  enforcement_type: z.enum(ENFORCEMENT_TYPES),
  content: z.string(),
  priority: z.number().int(),
  is_active: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
  is_inherited: z.boolean().describe("True when it comes from a team above the one resolved"),
});

export const policyListResponse = listOf(policyResponse);

export const effectivePolicyResponse = policyResponse.extend({ source: governanceSource });

export const effectivePoliciesResponse = z.object({
  inherited: z
    .array(effectivePolicyResponse)
    .describe("From every team above the resolved teams, each once, highest priority first"),
  local: z
    .array(effectivePolicyResponse)
    .describe("The resolved teams' own (every team of a user), the user's personal ones and the project's, each once"),
});

export const policyCreateBody = z
  .object({
    ...ownerFields,
    name: nameField,
    description: descriptionField,
    enforcement_type: enforcementType,
    content,
    priority: priority.default(0),
  })
  .refine(hasOneOwner, { error: ONE_OWNER_ERROR });

export const policyUpdateBody = z.object({
  name: nameField.nullish(),
  description: descriptionField,
  enforcement_type: enforcementType.nullish(),
  content: content.nullish(),
  priority: priority.nullish(),
  is_active: z.boolean().nullish().describe("Inactive policies are kept but never applied"),
});

export function toPolicyResponse(row: PolicyRow, isInherited = false): z.infer<typeof policyResponse> {
  return {
    id: row.id,
    team_id: row.teamId,
    project_id: row.projectId,
    user_id: row.userId,
    name: row.name,
    description: row.description,
    enforcement_type: row.enforcementType,
    content: row.content,
    priority: row.priority,
    is_active: row.isActive,
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
    is_inherited: isInherited,
  };
}

export function toEffectivePolicyResponse(row: EffectivePolicy): z.infer<typeof effectivePolicyResponse> {
  return { ...toPolicyResponse(row, row.isInherited), source: toGovernanceSource(row) };
}
