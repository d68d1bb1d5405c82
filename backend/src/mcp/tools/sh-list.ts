import { z } from "zod";
import { pageServedPrompts } from "../../modules/prompts/prompts.service.js";
import { decodePromptCursor, encodePromptCursor, moreLine, pageStart, pagingArgs } from "../paging.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const shList = defineTool({
  name: "sh-list",
  title: "List prompts",
  description:
    "List the names of the prompts you may expand with sh-run, by name, a page at a time; " +
    "the answer ends with the cursor for the next page when there are more.",
  args: z.object(pagingArgs("prompts")),
  scope: "read",
  annotations: READ_ONLY,
  whenCut: "call sh-list again with a smaller limit",
  async run(ctx, args) {
    const page = await pageServedPrompts(ctx.db, ctx.principal, {
      limit: args.limit,
      ...pageStart(args, (cursor) => decodePromptCursor(cursor, "")),
    });
    if (page.items.length === 0) return args.cursor || args.page ? "No more prompts." : "No prompts registered yet.";
    const lines = ["Available prompts:", ...page.items.map((detail) => `  - ${detail.prompt.name}`)];
    if (page.next) lines.push(moreLine(page.more, "sh-list", encodePromptCursor("", page.next)));
    return lines.join("\n");
  },
});
