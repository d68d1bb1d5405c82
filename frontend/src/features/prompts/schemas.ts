import { atMost, descriptionField, slugField } from "@/lib/api/fields";
import { changeNoteRule, tagRule, tagsRule, templateRule, versionLabelRule } from "@/lib/api/rules";
import { labelProblem } from "@/lib/labels";
import { z } from "@/lib/zod";
import { NEW_LABEL } from "./labels";
import { parseInputSchema, parseTags } from "./version-text";

const tagsText = z
  .string()
  .refine((text) => parseTags(text).length <= tagsRule.maxItems, `At most ${tagsRule.maxItems} tags`)
  .refine(
    (text) => parseTags(text).every((tag) => tag.length <= tagRule.maxLength),
    `Each tag has at most ${tagRule.maxLength} characters`,
  );

const template = z.string().max(templateRule.maxLength, atMost(templateRule.maxLength));

/** The fields of one version, shared by "new prompt" and "new version". */
export const versionFormSchema = z.object({
  version: z
    .string()
    .trim()
    .min(versionLabelRule.minLength, "Give the version a label, like 1.0.0")
    .max(versionLabelRule.maxLength, atMost(versionLabelRule.maxLength)),
  tags: tagsText,
  system_template: template,
  user_template: template,
  input_schema: z.string().superRefine((text, context) => {
    const parsed = parseInputSchema(text);
    if (!parsed.ok) context.addIssue({ code: "custom", message: parsed.error });
  }),
  change_note: z.string().trim().max(changeNoteRule.maxLength, atMost(changeNoteRule.maxLength)),
});
export type VersionFormValues = z.infer<typeof versionFormSchema>;

/** A prompt's name: what IDEs show as its command, the CLI and `sh-run` take, and its URL holds. */
const promptName = slugField("Name the prompt", "code-review");

export const promptFormSchema = versionFormSchema.extend({
  name: promptName,
  description: descriptionField,
  visibility: z.enum(["private", "org", "public"]),
});
export type PromptFormValues = z.infer<typeof promptFormSchema>;

export const promptDetailsSchema = z.object({
  description: descriptionField,
  visibility: z.enum(["private", "org", "public"]),
});
export type PromptDetailsValues = z.infer<typeof promptDetailsSchema>;

/** Duplicating a prompt: a new name, the version to copy, and who may see the copy. */
export const duplicatePromptSchema = z.object({
  name: promptName,
  version_id: z.string().min(1, "Choose the version to copy"),
  visibility: z.enum(["private", "org", "public"]),
});
export type DuplicatePromptValues = z.infer<typeof duplicatePromptSchema>;

/**
 * Moving a label: one of the prompt's labels (`existing`) or, with `choice` NEW_LABEL, a new one
 * typed in, which must not be one of them.
 */
export function moveLabelSchema(existing: readonly string[]) {
  return z.object({ choice: z.string(), new_label: z.string(), comment: z.string() }).superRefine((values, context) => {
    if (values.choice !== NEW_LABEL) return;
    const label = values.new_label.trim();
    const problem = labelProblem(label) ?? (existing.includes(label) ? `${label} exists: choose it in the list` : null);
    if (problem) context.addIssue({ code: "custom", path: ["new_label"], message: problem });
  });
}
export type MoveLabelValues = z.infer<ReturnType<typeof moveLabelSchema>>;
