import { z } from "zod";
import { VISIBILITIES, type WorkflowStepDefinition } from "../../db/schema.js";
import {
  descriptionField,
  labelField,
  named,
  nameField,
  timestamp,
  toIso,
  versionLabelField,
} from "../../http/schemas.js";
import { isReservedVariable, RESERVED_VARIABLES } from "../expansion/template-check.js";
import type { WorkflowRow } from "./workflows.repository.js";

export const MAX_STEPS = 50;

const stepIdField = named(
  "StepId",
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, {
    error:
      "must be 1-64 letters, digits or '_', starting with a letter or '_', so later steps can use it as a variable",
  }),
);

const stepSchema = z
  .object({
    id: stepIdField
      .refine((id) => id !== "input", { error: "'input' is reserved for the run input" })
      .refine((id) => !isReservedVariable(id), {
        error: `${RESERVED_VARIABLES.map((name) => `'${name}'`).join(", ")} are reserved: governance fills them for every step`,
      }),
    prompt_name: z.string().min(1).max(100),
    prompt_version: versionLabelField.nullish().transform((version) => version ?? null),
    label: labelField
      .nullish()
      .transform((label) => label ?? null)
      .describe("Expand the version this label points at (e.g. `staging`); give this or `prompt_version`, not both"),
    depends_on: z.array(z.string().min(1).max(64)).max(MAX_STEPS).default([]),
  })
  .refine((step) => step.prompt_version === null || step.label === null, {
    error: "give prompt_version or label, not both",
    path: ["label"],
  });

const stepsField = z
  .array(stepSchema)
  .max(MAX_STEPS, { error: `at most ${MAX_STEPS} steps` })
  .describe("Steps run in dependency order; each sees the run input and its dependencies' outputs by step id");

const visibilityField = z
  .enum(VISIBILITIES)
  .describe("`private`: owner and explicit shares; `org`: every signed-in user; `public`: also anonymous callers");

export const workflowCreateBody = z.object({
  name: nameField,
  description: descriptionField,
  project_id: z.uuid({ error: "project_id must be a UUID" }).nullish(),
  visibility: visibilityField.default("private"),
  steps: stepsField.default([]),
});

export const workflowUpdateBody = z.object({
  name: nameField.optional(),
  description: descriptionField.describe("Omit to keep; null clears it"),
  visibility: visibilityField.optional(),
  steps: stepsField.optional().describe("Replaces every step"),
});

export const workflowListQuery = z.object({
  user_id: z.uuid({ error: "user_id must be a UUID" }).optional().describe("Owned by or shared with this user"),
  project_id: z.uuid({ error: "project_id must be a UUID" }).optional(),
});

export const workflowRunBody = z.object({
  input: z.record(z.string(), z.unknown()).default({}).describe("Variables every step receives"),
  project_id: z
    .uuid({ error: "project_id must be a UUID" })
    .nullish()
    .describe("Project whose governance applies; defaults to the workflow's project"),
  label: labelField
    .optional()
    .describe("Label whose versions the steps expand (e.g. `staging`), where a step names neither version nor label"),
});

export const workflowStepResponse = z.object({
  id: z.string(),
  prompt_name: z.string(),
  prompt_version: z.string().nullable(),
  label: z.string().nullable(),
  depends_on: z.array(z.string()),
});

export const workflowResponse = z.object({
  id: z.string(),
  user_id: z.string().nullable(),
  project_id: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  visibility: z.enum(VISIBILITIES),
  steps: z.array(workflowStepResponse),
  created_at: timestamp,
  updated_at: timestamp,
});

export const stepResultResponse = z.object({
  step_id: z.string(),
  prompt_name: z.string(),
  prompt_version: z.string(),
  system_message: z.string().nullable(),
  user_message: z.string(),
  status: z.enum(["success", "error"]),
  error: z.string().nullable(),
  duration_ms: z.number().int().describe("How long the step took"),
});

export const workflowRunResponse = z.object({
  run_id: z
    .string()
    .nullable()
    .describe("The run's entry in the workflow's run history; null in the rare case it could not be recorded"),
  workflow_id: z.string(),
  workflow_name: z.string(),
  steps: z.array(stepResultResponse),
  outputs: z
    .record(z.string(), z.string())
    .describe(
      "User message of each successful step, by step id, governance included. Later steps receive a step's rendered " +
        "user template instead, without the policies wrapped around it, so each policy appears once per step",
    ),
});

export type StepInput = z.infer<typeof stepSchema>;

export function toWorkflowResponse(row: WorkflowRow) {
  return {
    id: row.id,
    user_id: row.userId,
    project_id: row.projectId,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    steps: row.steps.map((step: WorkflowStepDefinition) => ({
      id: step.id,
      prompt_name: step.prompt_name,
      prompt_version: step.prompt_version ?? null,
      label: step.label ?? null,
      depends_on: step.depends_on ?? [],
    })),
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
  };
}
