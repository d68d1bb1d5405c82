import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/**
 * An official SDK client signed in with `token`, whose session context has been delivered, so
 * later tool results hold just the tool's text. The caller closes it.
 */
export async function connectWithContext(baseUrl: string, token: string, name: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name, version: "1.0.0" });
  await client.connect(transport);
  await client.callTool({ name: "sh-context", arguments: {} });
  return client;
}

/** A tool's text result, and whether it is an error. */
export async function callText(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const [first] = result.content;
  if (first?.type !== "text") throw new Error(`no text in ${name} result`);
  return { text: first.text, isError: result.isError === true };
}

const MORE_LINE = /^… ([\d,]+) more: call (.+?) (?:with|and) cursor "([\w-]+)"$/;

/** The names a listing tool's answer shows, and the count, call and cursor of its closing line, if any. */
export function readPage(text: string) {
  const lines = text.split("\n").slice(1);
  const more = MORE_LINE.exec(lines.at(-1) ?? "");
  const items = (more ? lines.slice(0, -1) : lines).map((line) => /^ {2}- (?:sh-)?([^\s:]+)/.exec(line)?.[1] ?? line);
  return { items, more: more ? { count: Number(more[1]?.replace(/,/g, "")), call: more[2], cursor: more[3] } : null };
}

/** Follows the cursors of a listing tool from the first page to the last; every answer read. */
export async function walkPages(client: Client, tool: string, args: Record<string, unknown>) {
  const pages: ReturnType<typeof readPage>[] = [];
  let cursor: string | undefined;
  do {
    const answer = await callText(client, tool, { ...args, ...(cursor ? { cursor } : {}) });
    if (answer.isError) throw new Error(`${tool} failed: ${answer.text}`);
    const page = readPage(answer.text);
    pages.push(page);
    cursor = page.more?.cursor;
  } while (cursor);
  return pages;
}
