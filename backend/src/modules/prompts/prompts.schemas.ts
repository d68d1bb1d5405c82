import { z } from "zod";
import { VISIBILITIES } from "../../db/schema.js";
import {
  commentField,
  descriptionField,
  labelField,
  named,
  slugField,
  timestamp,
  toIso,
  versionLabelField,
} from "../../http/schemas.js";
import { PRODUCTION_LABEL } from "./prompts.repository.js";
import type { LabeledVersion, VersionDraftCheck } from "./prompts.service.js";
import type { PromptDetail, PromptVersionRow } from "./prompts.types.js";

/** What a version accepts when its author gives no input schema: one free-text `input`. */
export const defaultInputSchema = (): Record<string, unknown> => ({
  type: "object",
  properties: { input: { type: "string", description: "Free-text input" } },
  required: ["input"],
});

export const MAX_TEMPLATE_LENGTH = 100_000;

const visibilityField = z
  .enum(VISIBILITIES)
  .describe("`private`: owner and explicit shares; `org`: every signed-in user; `public`: also anonymous callers");

const templateField = named(
  "Template",
  z
    .string()
    .max(MAX_TEMPLATE_LENGTH, { error: `must be at most ${MAX_TEMPLATE_LENGTH.toLocaleString("en")} characters` }),
).nullish();

const tagField = named(
  "Tag",
  z.string().trim().min(1, { error: "must not be empty" }).max(50, { error: "must be at most 50 characters" }),
);

const tagsField = named("Tags", z.array(tagField).max(20, { error: "at most 20 tags" })).transform((tags) => [
  ...new Set(tags),
]);

const changeNoteField = named("ChangeNote", z.string().trim().max(2000, { error: "must be at most 2,000 characters" }));

export const versionBody = z.object({
  version: versionLabelField.describe("Free-form label, unique within the prompt (e.g. `1.0.0`)"),
  system_template: templateField,
  user_template: templateField,
  input_schema: z
    .record(z.string(), z.unknown())
    .default(defaultInputSchema)
    .describe("JSON Schema that expansion input must satisfy; defaults to one required string `input`"),
  tags: tagsField.default([]).describe("Up to 20 tags of 1-50 characters; duplicates are dropped"),
  change_note: changeNoteField
    .nullish()
    .transform((note) => note || null)
    .describe("Why this version was made: shown in the version table and to reviewers"),
});

export const versionCheckBody = versionBody
  .pick({ system_template: true, user_template: true, input_schema: true })
  .extend({
    input: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Sample input: when given and nothing is wrong, the answer renders the draft with it, for you"),
  });

const templateFieldName = z.enum(["system_template", "user_template", "input_schema"]);

export const versionCheckResponse = z.object({
  valid: z.boolean().describe("True when saving these templates and input schema would succeed"),
  problems: z
    .array(
      z.object({
        field: templateFieldName,
        line: z.number().int().nullable().describe("1-based; null when the problem has no one place"),
        column: z.number().int().nullable(),
        message: z.string(),
        code: z.enum([
          "template_syntax_error",
          "unknown_variable",
          "reserved_name",
          "governance_loop",
          "unknown_include",
          "invalid_input_schema",
        ]),
        name: z.string().nullable().describe("The variable, property or prompt the problem is about"),
      }),
    )
    .describe("What saving would refuse, in template order"),
  variables: z
    .array(
      z.object({
        name: z.string(),
        kind: z
          .enum(["input", "governance", "unknown"])
          .describe("`input`: in the input schema; `governance`: always provided; `unknown`: neither"),
        field: templateFieldName.exclude(["input_schema"]),
        line: z.number().int(),
        column: z.number().int(),
      }),
    )
    .describe("Every variable the templates read without defining it, where it is first read"),
  includes: z.array(z.string()).describe("Prompts the templates include by name"),
  preview: z
    .object({
      system_message: z.string().nullable(),
      user_message: z.string(),
      applied_policies: z.array(z.string()),
      objectives: z.array(z.string()),
      error: z.string().nullable().describe("Why the draft does not render with this input, if it does not"),
    })
    .nullable()
    .describe("What the draft renders with `input` under your governance; null without `input` or with problems"),
});

export const promptCreateBody = z.object({
  name: slugField.describe("Unique; lower-case letters, digits and '-'"),
  description: descriptionField,
  visibility: visibilityField.default("private"),
  version: versionBody,
});

export const promptUpdateBody = z.object({
  description: descriptionField.describe("Omit to keep; null clears it"),
  visibility: visibilityField.optional(),
});

export const promptListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
  tag: z.string().min(1).max(50).optional().describe("Exact tag of the served version (the pin, else the latest)"),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe("Case-insensitive substring of the name, the description or a tag of the served version"),
  user_id: z.uuid({ error: "user_id must be a UUID" }).optional().describe("Prompts owned by or shared with this user"),
  visibility: visibilityField.optional(),
  label: labelField.optional().describe("Only prompts that have this label (`latest`: every prompt)"),
  include_deprecated: z.stringbool().default(true),
});

export const promptNameParams = z.object({ name: z.string().min(1).max(100) });
export const promptVersionParams = promptNameParams.extend({ version: z.string().min(1).max(50) });
export const promptShareParams = promptNameParams.extend({ user_id: z.uuid({ error: "user_id must be a UUID" }) });
export const promptLabelParams = promptNameParams.extend({ label: labelField });

export const labelMoveBody = z.object({
  version: versionLabelField.describe("The version the label should point at"),
  comment: commentField.optional().describe("On a protected label: starts the change request's thread"),
});

export const labelClearBody = z
  .object({ comment: labelMoveBody.shape.comment })
  .nullish()
  .describe("Optional: on a protected label, `comment` starts the change request's thread");

export const promptVersionResponse = z.object({
  id: z.string(),
  prompt_id: z.string(),
  version: z.string(),
  system_template: z.string().nullable(),
  user_template: z.string().nullable(),
  input_schema: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  change_note: z.string().nullable(),
  created_by_id: z.string().nullable().describe("Who saved the version"),
  labels: z.array(z.string()).describe("Labels pointing at this version (`latest` is implied for the newest)"),
  created_at: timestamp,
});

export const promptResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  is_deprecated: z.boolean(),
  visibility: z.enum(VISIBILITIES),
  user_id: z.string().nullable(),
  owner: z.object({ id: z.string(), username: z.string(), display_name: z.string().nullable() }).nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  latest_version: promptVersionResponse.nullable().describe("The most recently created version"),
  active_version: promptVersionResponse
    .nullable()
    .describe(
      "What expansion serves by default: the `production` label's version, else the latest (null while " +
        "`production` is protected and the prompt has no production label)",
    ),
  is_pinned: z.boolean().describe("Whether the prompt has a `production` label"),
  labels: z.record(z.string(), z.string()).describe("Each label and the version it points at"),
  pending_change_request_id: z
    .string()
    .nullable()
    .describe("The newest open change request to put a version on `production`"),
});

export const promptListResponse = z.object({
  items: z.array(promptResponse),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});

export function toPromptVersionResponse(
  row: PromptVersionRow,
  labels: string[],
): z.infer<typeof promptVersionResponse> {
  return {
    id: row.id,
    prompt_id: row.promptId,
    version: row.version,
    system_template: row.systemTemplate,
    user_template: row.userTemplate,
    input_schema: row.inputSchema,
    tags: row.tags,
    change_note: row.changeNote,
    created_by_id: row.createdById,
    labels,
    created_at: toIso(row.createdAt),
  };
}

export const toLabeledVersionResponse = ({ version, labels }: LabeledVersion) =>
  toPromptVersionResponse(version, labels);

export function toPromptResponse({
  prompt,
  latest,
  active,
  owner,
  labels,
  pendingChangeRequestId,
}: PromptDetail): z.infer<typeof promptResponse> {
  const labelsOf = (version: PromptVersionRow) =>
    Object.keys(labels).filter((label) => labels[label] === version.version);
  return {
    id: prompt.id,
    name: prompt.name,
    description: prompt.description,
    is_deprecated: prompt.isDeprecated,
    visibility: prompt.visibility,
    user_id: prompt.userId,
    owner: owner ? { id: owner.id, username: owner.username, display_name: owner.displayName } : null,
    created_at: toIso(prompt.createdAt),
    updated_at: toIso(prompt.updatedAt),
    latest_version: latest ? toPromptVersionResponse(latest, labelsOf(latest)) : null,
    active_version: active ? toPromptVersionResponse(active, labelsOf(active)) : null,
    is_pinned: Object.hasOwn(labels, PRODUCTION_LABEL),
    labels,
    pending_change_request_id: pendingChangeRequestId,
  };
}

function toPreview(preview: VersionDraftCheck["preview"]): z.infer<typeof versionCheckResponse>["preview"] {
  if (preview === null) return null;
  if ("error" in preview) {
    return { system_message: null, user_message: "", applied_policies: [], objectives: [], error: preview.error };
  }
  return {
    system_message: preview.systemMessage,
    user_message: preview.userMessage,
    applied_policies: preview.appliedPolicies,
    objectives: preview.objectives,
    error: null,
  };
}

export function toVersionCheckResponse(check: VersionDraftCheck): z.infer<typeof versionCheckResponse> {
  return {
    valid: check.problems.length === 0,
    problems: check.problems.map((problem) => ({ ...problem, name: problem.name ?? null })),
    variables: check.variables,
    includes: check.includes.map((include) => include.name),
    preview: toPreview(check.preview),
  };
}
