import { z } from "zod";
import { listWorkflows } from "../../modules/workflows/workflows.service.js";
import { plural } from "../text-format.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const shWorkflowList = defineTool({
  name: "sh-workflow-list",
  title: "List workflows",
  description: "List the workflows you may run with sh-workflow-run, most recently updated first.",
  args: z.object({}),
  scope: "read",
  annotations: READ_ONLY,
  whenCut: "find the workflow you want by name and run it with sh-workflow-run",
  async run(ctx) {
    const workflows = await listWorkflows(ctx.db, ctx.principal, {});
    if (workflows.length === 0) return "No workflows found.";
    const lines = workflows.map(
      (workflow) =>
        `  - ${workflow.name} (${plural(workflow.steps.length, "step")})${workflow.description ? ` — ${workflow.description}` : ""}`,
    );
    return ["Available workflows:", ...lines].join("\n");
  },
});
