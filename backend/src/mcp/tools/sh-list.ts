import { z } from "zod";
import { listAllVisiblePrompts } from "../visible-prompts.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const shList = defineTool({
  name: "sh-list",
  title: "List prompts",
  description: "List the names of every prompt you may expand with sh-run.",
  args: z.object({}),
  scope: "read",
  annotations: READ_ONLY,
  async run(ctx) {
    const prompts = await listAllVisiblePrompts(ctx.db, ctx.principal);
    if (prompts.length === 0) return "No prompts registered yet.";
    return ["Available prompts:", ...prompts.map((detail) => `  - ${detail.prompt.name}`)].join("\n");
  },
});
