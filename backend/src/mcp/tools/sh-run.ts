import { z } from "zod";
import { AppError } from "../../http/errors.js";
import { labelField } from "../../http/schemas.js";
import { type Expansion, expandPrompt } from "../../modules/expansion/expansion.service.js";
import { getPrompt } from "../../modules/prompts/prompts.service.js";
import type { McpContext } from "../mcp-context.js";
import { parseToolInput, toolInputField } from "../text-format.js";
import { SEARCH_PREFIX } from "./sh-search.js";
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

/**
 * sh-search lists prompts as `sh-<name>` (the contract's format) and models copy what they see:
 * such a name means `<name>`, unless a prompt is really called `sh-<name>`.
 */
async function promptNameFromListing(ctx: McpContext, name: string): Promise<string> {
  if (!name.startsWith(SEARCH_PREFIX) || name.length === SEARCH_PREFIX.length) return name;
  try {
    await getPrompt(ctx.db, ctx.principal, name);
    return name;
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 404) return name.slice(SEARCH_PREFIX.length);
    throw error;
  }
}

export const shRun = defineTool({
  name: "sh-run",
  title: "Expand a prompt",
  description:
    "Expand a prompt with your input under your policies and objectives (and the project's, when given). " +
    "Returns the system and user messages to follow, the policies applied, your objectives and a checklist " +
    "to verify your answer against.",
  args: z.object({
    name: z.string().min(1).max(100).describe("Prompt name, as listed by sh-list or sh-search"),
    input: toolInputField(
      "Template variables as a JSON object (its text, or the object itself), or plain text, which the prompt receives as `input`",
    ),
    project: z
      .uuid({ error: "must be a project id (UUID)" })
      .nullish()
      .describe("Project whose policies and objectives also apply"),
    label: labelField
      .nullish()
      .describe(
        "Expand the version this label points at (e.g. `staging`, or `latest` for the newest) instead of production",
      ),
  }),
  scope: "expand",
  annotations: EXPANDS,
  whenCut: "expand it with shorter input, or ask its owner for a shorter template",
  async run(ctx, { name, input, project, label }) {
    const expansion = await expandPrompt(
      ctx.db,
      ctx.principal,
      {
        name: await promptNameFromListing(ctx, name),
        label: label ?? undefined,
        input: parseToolInput(input),
        projectId: project ?? null,
      },
      { usage: ctx.usage, channel: "mcp_tool" },
    );
    return formatExpansion(expansion);
  },
});
