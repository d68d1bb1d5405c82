import { z } from "zod";
import { notFound } from "../../http/errors.js";
import { labelField } from "../../http/schemas.js";
import type { WorkflowRun } from "../../modules/workflows/workflow-run.js";
import { runAndRecordWorkflow } from "../../modules/workflows/workflow-runs.service.js";
import { listWorkflows } from "../../modules/workflows/workflows.service.js";
import { asciiJson, parseToolInput, toolInputField } from "../text-format.js";
import { defineTool, EXPANDS } from "./tool.js";

export function formatWorkflowRun(run: WorkflowRun): string {
  const lines = [`Workflow: ${run.workflowName} (${run.steps.length} steps)`];
  for (const step of run.steps) {
    lines.push(
      `\n--- ${step.status === "success" ? "✓" : "✗"} ${step.stepId} (${step.promptName} v${step.promptVersion}) ---`,
    );
    if (step.status === "error") {
      lines.push(`Error: ${step.error}`);
      continue;
    }
    if (step.systemMessage !== null) lines.push(`[System]\n${step.systemMessage}`);
    lines.push(`[User]\n${step.userMessage}`);
  }
  lines.push("\n--- Final Outputs ---", asciiJson(run.outputs));
  return lines.join("\n");
}

export const shWorkflowRun = defineTool({
  name: "sh-workflow-run",
  title: "Run a workflow",
  description:
    "Run a multi-step prompt workflow by name (case-insensitive), under your policies and objectives. " +
    "Each step's output feeds the next; a failing step stops the run.",
  args: z.object({
    name: z.string().min(1).max(200).describe("Workflow name, as listed by sh-workflow-list"),
    input: toolInputField(
      "Variables every step receives as a JSON object (its text, or the object itself), or plain text, which steps receive as `input`",
    ),
    project: z
      .uuid({ error: "must be a project id (UUID)" })
      .nullish()
      .describe("Project whose policies and objectives also apply; defaults to the workflow's project"),
    label: labelField
      .nullish()
      .describe("Label whose versions the steps use (e.g. `staging`), where a step names neither version nor label"),
  }),
  scope: "expand",
  annotations: EXPANDS,
  whenCut: "expand its steps one at a time with sh-run",
  async run(ctx, { name, input, project, label }) {
    // Newest first: the one a name means when two workflows differ only in case.
    const [workflow] = await listWorkflows(ctx.db, ctx.principal, { name });
    if (!workflow) throw notFound(`workflow '${name}' not found.`, "workflow_not_found");
    const run = await runAndRecordWorkflow(
      ctx.db,
      ctx.principal,
      workflow,
      { input: parseToolInput(input), projectId: project ?? null, label: label ?? undefined },
      { channel: "mcp", log: ctx.log, usage: ctx.usage },
    );
    return formatWorkflowRun(run);
  },
});
