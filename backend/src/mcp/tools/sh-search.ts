import { z } from "zod";
import { pageServedPrompts } from "../../modules/prompts/prompts.service.js";
import { decodePromptCursor, encodePromptCursor, moreLine, pageStart, pagingArgs } from "../paging.js";
import { defineTool, READ_ONLY } from "./tool.js";

/** What sh-search puts before each prompt name; sh-run accepts names with it. */
export const SEARCH_PREFIX = "sh-";

export const shSearch = defineTool({
  name: "sh-search",
  title: "Search prompts",
  description:
    "Find the prompts you may expand whose name, description or tags contain the query (case-insensitive), " +
    "best matches first: the exact name, names starting with the query, names containing it, then descriptions " +
    "and tags. Answers a page at a time, ending with the cursor for the next page when there are more.",
  args: z.object({
    query: z.string().max(200).describe("Text to look for in prompt names, descriptions and tags"),
    ...pagingArgs("prompts"),
  }),
  scope: "read",
  annotations: READ_ONLY,
  whenCut: "call sh-search again with a smaller limit or a more specific query",
  async run(ctx, { query, ...args }) {
    const page = await pageServedPrompts(ctx.db, ctx.principal, {
      q: query,
      limit: args.limit,
      ...pageStart(args, (cursor) => decodePromptCursor(cursor, query)),
    });
    if (page.items.length === 0) {
      return args.cursor || args.page ? `No more prompts matching '${query}'.` : `No prompts matching '${query}'.`;
    }
    const lines = page.items.map(({ prompt, active }) => {
      const tags = active && active.tags.length > 0 ? active.tags.join(", ") : "none";
      return `  - ${SEARCH_PREFIX}${prompt.name}: ${prompt.description || "No description"} [tags: ${tags}]`;
    });
    const answer = [`Prompts matching '${query}':`, ...lines];
    if (page.next) answer.push(moreLine(page.more, "sh-search", encodePromptCursor(query, page.next), query));
    return answer.join("\n");
  },
});
