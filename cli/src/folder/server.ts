// Reads the server's side of a folder: who the caller is and which prompts they may edit.
import { type Connection, connect, unwrap } from "../api/client.js";
import { CliError, progress } from "../output.js";
import type { ServerPrompt } from "./format.js";

export type Caller = { id: string; username: string; role: "admin" | "member" };
export type Session = Connection & { caller: Caller };

/** A connection with a credential and the caller it belongs to; a clear error when not signed in. */
export async function signedIn(flags: { url?: string }): Promise<Session> {
  const connection = connect(flags);
  if (!connection.credential) {
    throw new CliError(
      `Not signed in to ${connection.url}: run \`spechub login ${connection.url}\`, or set SPECHUB_API_KEY`,
    );
  }
  const me = await unwrap(connection.api.GET("/api/v1/auth/me"));
  return { ...connection, caller: { id: me.id, username: me.username, role: me.role } };
}

/** Owner or admin, as the server decides for every prompt change. */
export const mayEdit = (caller: Caller, prompt: ServerPrompt) =>
  caller.role === "admin" || prompt.user_id === caller.id;

const PAGE_SIZE = 100;

/**
 * Every prompt the caller may edit (or, with `all`, may see), page by page, without deprecated
 * ones: they are not served and push does not restore them.
 */
export async function listServerPrompts(session: Session, all: boolean): Promise<ServerPrompt[]> {
  const prompts: ServerPrompt[] = [];
  for (let page = 1; ; page++) {
    const result = await unwrap(
      session.api.GET("/api/v1/prompts", {
        params: { query: { page, page_size: PAGE_SIZE, include_deprecated: "false" } },
      }),
    );
    prompts.push(...result.items);
    progress(`listed ${Math.min(page * PAGE_SIZE, result.total)} of ${result.total} prompts`);
    if (page * PAGE_SIZE >= result.total || result.items.length === 0) break;
  }
  return all ? prompts : prompts.filter((prompt) => mayEdit(session.caller, prompt));
}

/** One prompt, or null when the server has none by that name (or the caller cannot see it). */
export async function findServerPrompt(session: Session, name: string): Promise<ServerPrompt | null> {
  const result = await session.api.GET("/api/v1/prompts/{name}", { params: { path: { name } } });
  if (result.response.status === 404) return null;
  return withPromptName(name, unwrap(Promise.resolve(result)));
}

/** Runs an API call about one prompt, naming the prompt in any error (e.g. a 403 on a prompt the caller may not edit). */
export async function withPromptName<T>(name: string, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof CliError) throw new CliError(`prompt '${name}': ${error.message}`, error.exitCode);
    throw error;
  }
}
