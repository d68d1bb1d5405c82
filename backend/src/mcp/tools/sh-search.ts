import { z } from "zod";
import { listAllVisiblePrompts } from "../visible-prompts.js";
import { defineTool, READ_ONLY } from "./tool.js";

/** What sh-search puts before each prompt name; sh-run accepts names with it. */
export const SEARCH_PREFIX = "sh-";

export const shSearch = defineTool({
  name: "sh-search",
  title: "Search prompts",
  description: "Find the prompts you may expand whose name, description or tags contain the query (case-insensitive).",
  args: z.object({
    query: z.string().max(200).describe("Text to look for in prompt names, descriptions and tags"),
  }),
  scope: "read",
  annotations: READ_ONLY,
  async run(ctx, { query }) {
    const prompts = await listAllVisiblePrompts(ctx.db, ctx.principal, query);
    if (prompts.length === 0) return `No prompts matching '${query}'.`;
    const lines = prompts.map(({ prompt, active }) => {
      const tags = active && active.tags.length > 0 ? active.tags.join(", ") : "none";
      return `  - ${SEARCH_PREFIX}${prompt.name}: ${prompt.description || "No description"} [tags: ${tags}]`;
    });
    return [`Prompts matching '${query}':`, ...lines].join("\n");
  },
});
