import { z } from "zod";
import { type Expansion, expandPrompt } from "../../modules/expansion/expansion.service.js";
import { parseToolInput } from "../text-format.js";
import { defineTool, EXPANDS } from "./tool.js";

/** `validate` policies change no text: the model gets them as a list to check its answer against. */
export function formatChecklist(validations: Expansion["validations"]): string {
  return ["[Validation Checklist]", ...validations.map((check) => `- [ ] ${check.name}: ${check.content}`)].join("\n");
}

export function formatExpansion(expansion: Expansion): string {
  const parts: string[] = [];
  if (expansion.systemMessage !== null) parts.push(`[System]\n${expansion.systemMessage}`);
  parts.push(`[User]\n${expansion.userMessage}`);
  if (expansion.appliedPolicies.length > 0) parts.push(`[Policies Applied]\n${expansion.appliedPolicies.join(", ")}`);
  if (expansion.objectives.length > 0) {
    parts.push(["[Objectives]", ...expansion.objectives.map((title) => `- ${title}`)].join("\n"));
  }
  if (expansion.validations.length > 0) parts.push(formatChecklist(expansion.validations));
  return parts.join("\n\n");
}

export const shRun = defineTool({
  name: "sh-run",
  title: "Expand a prompt",
  description:
    "Expand a prompt with your input under your policies and objectives (and the project's, when given). " +
    "Returns the system and user messages to follow, the policies applied, your objectives and a checklist " +
    "to verify your answer against.",
  args: z.object({
    name: z.string().min(1).max(100).describe("Prompt name, as listed by sh-list"),
    input: z
      .string()
      .describe("A JSON object of template variables, or plain text, which the prompt receives as `input`"),
    project: z
      .uuid({ error: "must be a project id (UUID)" })
      .nullish()
      .describe("Project whose policies and objectives also apply"),
  }),
  scope: "expand",
  annotations: EXPANDS,
  async run(ctx, { name, input, project }) {
    const expansion = await expandPrompt(
      ctx.db,
      ctx.principal,
      { name, input: parseToolInput(input), projectId: project ?? null },
      { usage: ctx.usage, source: "mcp" },
    );
    return formatExpansion(expansion);
  },
});
