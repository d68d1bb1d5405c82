import { z } from "zod";
import { unprocessable } from "../http/errors.js";
import type { PromptPageKey } from "../modules/prompts/prompts.types.js";

/**
 * Prompt listings reach a model's context window, so they come a page at a time. A cursor names
 * where the next page starts (the last prompt shown) and the query it belongs to; it is opaque to
 * clients, which only hand it back.
 */

/** Prompts per tool answer unless the caller asks for another number. */
export const DEFAULT_TOOL_PAGE = 25;

export const MAX_TOOL_PAGE = 100;

const cursorPayload = z.object({ q: z.string(), r: z.number().int().min(0), n: z.string() });

export function encodeCursor(query: string, key: PromptPageKey): string {
  return Buffer.from(JSON.stringify({ q: query, r: key.rank, n: key.name })).toString("base64url");
}

function invalidCursor(problem: string) {
  return unprocessable(
    `cursor: ${problem}; call again without a cursor to start from the first page`,
    "invalid_cursor",
  );
}

/** Where the page a cursor names starts; refused when it was not given out for `query`. */
export function decodeCursor(cursor: string, query: string): PromptPageKey {
  let payload: z.infer<typeof cursorPayload>;
  try {
    payload = cursorPayload.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw invalidCursor("not a cursor this server gave out");
  }
  if (payload.q !== query) throw invalidCursor(`it continues the search for '${payload.q}', not '${query}'`);
  return { rank: payload.r, name: payload.n };
}

/** The paging arguments of the listing tools. */
export const pagingArgs = {
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_TOOL_PAGE)
    .default(DEFAULT_TOOL_PAGE)
    .describe(`How many prompts to show (1–${MAX_TOOL_PAGE}, default ${DEFAULT_TOOL_PAGE})`),
  cursor: z.string().max(2000).nullish().describe("Continues a listing: the cursor the previous answer ended with"),
  page: z.number().int().min(1).nullish().describe("Page number (pages of `limit` prompts), instead of a cursor"),
};

type PagingArgs = { limit: number; cursor?: string | null; page?: number | null };

/** Where the page asked for starts: after the cursor's prompt, or so many pages in. */
export function pageStart(args: PagingArgs, query: string): { after?: PromptPageKey; offset: number } {
  if (args.cursor && args.page) throw unprocessable("give either cursor or page, not both", "invalid_paging");
  if (args.cursor) return { after: decodeCursor(args.cursor, query), offset: 0 };
  return { offset: ((args.page ?? 1) - 1) * args.limit };
}

/** The last line of a page with more after it: how many, and the call that shows them. */
export function moreLine(more: number, tool: string, cursor: string, query?: string): string {
  const queryArg = query === undefined ? "" : `query ${JSON.stringify(query)} and `;
  return `… ${more.toLocaleString("en-US")} more: call ${tool} again with ${queryArg}cursor "${cursor}"`;
}
