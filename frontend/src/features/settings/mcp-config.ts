/**
 * Ready-to-paste MCP client configuration. Pure functions of the site's origin and, optionally,
 * an API key, so the snippets can be checked without a browser. Without a key the IDE signs in
 * through the browser (OAuth) the first time it connects, which is the default; with one, the key
 * travels as a bearer header. Each client names its settings differently (VS Code: `servers`
 * with a `type`; Cursor: `mcpServers` with `url`; Windsurf: `mcpServers` with `serverUrl`), which
 * is why each has its own builder.
 */

import { cliExpandCommand, shellWord, shRunCall } from "@/lib/usage-snippets";

/** The name the server is registered under in every client's configuration. */
export const MCP_SERVER_NAME = "spechub";

export type McpClient = "claude-code" | "vscode" | "cursor" | "windsurf";

export type McpSnippet = {
  client: McpClient;
  label: string;
  /** Where the snippet goes: a terminal, or the file to create or merge it into. */
  target: string;
  language: "shell" | "json";
  text: string;
};

/** `https://spechub.example.com/` → `https://spechub.example.com/mcp`: the frontend forwards /mcp to the backend. */
export function mcpUrl(origin: string): string {
  return `${origin.replace(/\/+$/, "")}/mcp`;
}

/** The API key as a bearer header, or nothing: the IDE then signs in through the browser. */
function authorization(key?: string): { headers?: Record<string, string> } {
  return key ? { headers: { Authorization: `Bearer ${key}` } } : {};
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A shell command. Keys and origins hold no characters a shell would expand, so plain quoting suffices. */
export function claudeCodeCommand(origin: string, key?: string): string {
  const command = `claude mcp add --transport http ${MCP_SERVER_NAME} ${mcpUrl(origin)}`;
  return key ? `${command} --header "Authorization: Bearer ${key}"` : command;
}

export function vscodeConfig(origin: string, key?: string): string {
  return json({ servers: { [MCP_SERVER_NAME]: { type: "http", url: mcpUrl(origin), ...authorization(key) } } });
}

export function cursorConfig(origin: string, key?: string): string {
  return json({ mcpServers: { [MCP_SERVER_NAME]: { url: mcpUrl(origin), ...authorization(key) } } });
}

export function windsurfConfig(origin: string, key?: string): string {
  return json({ mcpServers: { [MCP_SERVER_NAME]: { serverUrl: mcpUrl(origin), ...authorization(key) } } });
}

/**
 * Every supported client's snippet, in the order the views offer them: signing in through the
 * browser without `key`, else sending the key.
 */
export function mcpSnippets(origin: string, key?: string): McpSnippet[] {
  return [
    {
      client: "claude-code",
      label: "Claude Code",
      target: "Run in a terminal",
      language: "shell",
      text: claudeCodeCommand(origin, key),
    },
    {
      client: "vscode",
      label: "VS Code",
      target: ".vscode/mcp.json",
      language: "json",
      text: vscodeConfig(origin, key),
    },
    {
      client: "cursor",
      label: "Cursor",
      target: "~/.cursor/mcp.json",
      language: "json",
      text: cursorConfig(origin, key),
    },
    {
      client: "windsurf",
      label: "Windsurf",
      target: "~/.codeium/windsurf/mcp_config.json",
      language: "json",
      text: windsurfConfig(origin, key),
    },
  ];
}

/** The page an invited person opens to create their account. */
export function invitationLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/invite/${encodeURIComponent(token)}`;
}

/** One way to expand a prompt under a project, ready to paste. */
export type ProjectExample = { label: string; description: string; text: string };

/**
 * Expanding `prompt` under a project: the `sh-run` call an IDE's assistant makes (its `project`
 * argument is the project's id, a UUID), and the CLI command, signed in with `key` when given.
 */
export function projectExamples(origin: string, prompt: string, projectId: string, key?: string): ProjectExample[] {
  const server = origin.replace(/\/+$/, "");
  const credentials = key ? `SPECHUB_URL=${shellWord(server)} SPECHUB_API_KEY=${shellWord(key)} ` : "";
  return [
    {
      label: "MCP",
      description: "The call your assistant makes: ask it to use this project",
      text: shRunCall(prompt, projectId),
    },
    {
      label: "CLI",
      description: key ? "In a terminal, with this key" : "In a terminal, after spechub login",
      text: `${credentials}${cliExpandCommand(prompt, projectId)}`,
    },
  ];
}
