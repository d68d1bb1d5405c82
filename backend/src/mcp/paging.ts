import { z } from "zod";
import { unprocessable } from "../http/errors.js";
import type { PromptPageKey } from "../modules/prompts/prompts.types.js";
import type { WorkflowPageKey } from "../modules/workflows/workflows.types.js";

/**
 * Listings reach a model's context window, so they come a page at a time. A cursor names where
 * the next page starts (the last item shown) and, for prompts, the query it belongs to; it is
 * opaque to clients, which only hand it back.
 */

/** Items per tool answer unless the caller asks for another number. */
export const DEFAULT_TOOL_PAGE = 25;

export const MAX_TOOL_PAGE = 100;

function invalidCursor(problem: string) {
  return unprocessable(
    `cursor: ${problem}; call again without a cursor to start from the first page`,
    "invalid_cursor",
  );
}

const encodeCursor = (payload: object) => Buffer.from(JSON.stringify(payload)).toString("base64url");

/** What a cursor holds, refused unless it is what this listing (`payload`) gives out. */
function decodeCursor<Payload>(cursor: string, payload: z.ZodType<Payload>): Payload {
  try {
    return payload.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw invalidCursor("not a cursor this server gave out");
  }
}

const promptCursor = z.object({ q: z.string(), r: z.number().int().min(0), n: z.string() });

export function encodePromptCursor(query: string, key: PromptPageKey): string {
  return encodeCursor({ q: query, r: key.rank, n: key.name });
}

/** Where the page a prompt cursor names starts; refused when it was not given out for `query`. */
export function decodePromptCursor(cursor: string, query: string): PromptPageKey {
  const payload = decodeCursor(cursor, promptCursor);
  if (payload.q !== query) throw invalidCursor(`it continues the search for '${payload.q}', not '${query}'`);
  return { rank: payload.r, name: payload.n };
}

/** Any (safe) integer of microseconds is a time PostgreSQL can hold, so a decoded key always makes valid SQL. */
const workflowCursor = z.object({ u: z.number().int(), w: z.guid() });

export function encodeWorkflowCursor(key: WorkflowPageKey): string {
  return encodeCursor({ u: key.updatedMicros, w: key.id });
}

/** Where the page a workflow cursor names starts. */
export function decodeWorkflowCursor(cursor: string): WorkflowPageKey {
  const payload = decodeCursor(cursor, workflowCursor);
  return { updatedMicros: payload.u, id: payload.w };
}

/** The paging arguments of the listing tools; `items` names what they list. */
export function pagingArgs(items: string) {
  return {
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_TOOL_PAGE)
      .default(DEFAULT_TOOL_PAGE)
      .describe(`How many ${items} to show (1–${MAX_TOOL_PAGE}, default ${DEFAULT_TOOL_PAGE})`),
    cursor: z.string().max(2000).nullish().describe("Continues a listing: the cursor the previous answer ended with"),
    page: z.number().int().min(1).nullish().describe(`Page number (pages of \`limit\` ${items}), instead of a cursor`),
  };
}

type PagingArgs = { limit: number; cursor?: string | null; page?: number | null };

/** Where the page asked for starts: after the item the cursor names (read by `decode`), or so many pages in. */
export function pageStart<Key>(args: PagingArgs, decode: (cursor: string) => Key): { after?: Key; offset: number } {
  if (args.cursor && args.page) throw unprocessable("give either cursor or page, not both", "invalid_paging");
  if (args.cursor) return { after: decode(args.cursor), offset: 0 };
  return { offset: ((args.page ?? 1) - 1) * args.limit };
}

/** The last line of a page with more after it: how many, and the call that shows them. */
export function moreLine(more: number, tool: string, cursor: string, query?: string): string {
  const queryArg = query === undefined ? "" : `query ${JSON.stringify(query)} and `;
  return `… ${more.toLocaleString("en-US")} more: call ${tool} again with ${queryArg}cursor "${cursor}"`;
}
