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
