import { z } from "zod";
import { labelField } from "../../http/schemas.js";
import type { Expansion } from "./expansion.service.js";

export const expandParams = z.object({ name: z.string().min(1).max(100) });
export const expandVersionParams = expandParams.extend({ version: z.string().min(1).max(50) });

export const expandQuery = z.object({
  label: labelField
    .optional()
    .describe(
      "Expand the version this label points at (e.g. `staging`; `latest`: the newest version) instead of the " +
        "served one; 404 `label_not_found` when the prompt has no such label",
    ),
});

export const expandBody = z.object({
  input: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Template variables; checked against the version's input_schema"),
  project_id: z
    .uuid({ error: "project_id must be a UUID" })
    .nullish()
    .describe("Also apply this project's policies and objectives (signed-in callers who may use the project)"),
});

export const previewBody = expandBody.extend({
  version: z
    .string()
    .min(1)
    .max(50)
    .optional()
    .describe("Version label to expand; omitted = the served version (the pin, else the latest)"),
  as_user_id: z
    .uuid({ error: "as_user_id must be a UUID" })
    .nullish()
    .describe("Expand exactly as this user's IDE would: their visibility, policies and objectives"),
  as_team_id: z
    .uuid({ error: "as_team_id must be a UUID" })
    .nullish()
    .describe("Expand as a member of this team with no governance of their own"),
  project_id: z
    .uuid({ error: "project_id must be a UUID" })
    .nullish()
    .describe(
      "Also apply this project's policies and objectives; given alone, expand as a member of the project's team",
    ),
});

export const expandResponse = z.object({
  prompt_name: z.string(),
  prompt_version: z.string(),
  system_message: z.string().nullable(),
  user_message: z.string(),
  applied_policies: z.array(z.string()).describe("Names of the policies applied, highest priority first"),
  objectives: z.array(z.string()).describe("Titles of the caller's objectives: inherited first, then local"),
  validations: z
    .array(z.object({ name: z.string(), content: z.string() }))
    .describe("`validate` policies: checks the output should pass; they change no text"),
});

export const toExpandResponse = (expansion: Expansion): z.infer<typeof expandResponse> => ({
  prompt_name: expansion.promptName,
  prompt_version: expansion.promptVersion,
  system_message: expansion.systemMessage,
  user_message: expansion.userMessage,
  applied_policies: expansion.appliedPolicies,
  objectives: expansion.objectives,
  validations: expansion.validations,
});
