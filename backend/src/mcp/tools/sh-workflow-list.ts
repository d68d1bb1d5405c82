import { z } from "zod";
import { pageWorkflows } from "../../modules/workflows/workflows.service.js";
import { decodeWorkflowCursor, encodeWorkflowCursor, moreLine, pageStart, pagingArgs } from "../paging.js";
import { plural } from "../text-format.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const shWorkflowList = defineTool({
  name: "sh-workflow-list",
  title: "List workflows",
  description:
    "List the workflows you may run with sh-workflow-run, most recently updated first, a page at a time; " +
    "the answer ends with the cursor for the next page when there are more.",
  args: z.object(pagingArgs("workflows")),
  scope: "read",
  annotations: READ_ONLY,
  whenCut: "call sh-workflow-list again with a smaller limit",
  async run(ctx, args) {
    const page = await pageWorkflows(ctx.db, ctx.principal, {
      limit: args.limit,
      ...pageStart(args, decodeWorkflowCursor),
    });
    if (page.items.length === 0) return args.cursor || args.page ? "No more workflows." : "No workflows found.";
    const lines = page.items.map(
      (workflow) =>
        `  - ${workflow.name} (${plural(workflow.steps.length, "step")})${workflow.description ? ` — ${workflow.description}` : ""}`,
    );
    const answer = ["Available workflows:", ...lines];
    if (page.next) answer.push(moreLine(page.more, "sh-workflow-list", encodeWorkflowCursor(page.next)));
    return answer.join("\n");
  },
});
