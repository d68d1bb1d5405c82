/**
 * How to name a prompt, workflow or project outside the web UI: the CLI's `spechub expand` and
 * the MCP tools `sh-run` / `sh-workflow-run` take a prompt's or workflow's name and a project's id.
 * Pure text builders, shown beside copy buttons and checked by unit tests.
 */

/** Placeholders for snippets written before the user has the real thing. */
export const PROMPT_PLACEHOLDER = "<prompt-name>";
export const PROJECT_PLACEHOLDER = "<project-id>";

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word: as is when it holds nothing a shell would read specially, else single-quoted. */
export function shellWord(value: string): string {
  if (PLAIN_WORD.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `spechub expand <prompt> [--project <project>]`: the CLI accepts a project's id, name or slug. */
export function cliExpandCommand(prompt: string, project?: string | null): string {
  const command = `spechub expand ${shellWord(prompt)}`;
  return project ? `${command} --project ${shellWord(project)}` : command;
}

/** An MCP tool call as an IDE's assistant makes it: the tool's name and its arguments as JSON. */
export function mcpToolCall(tool: string, args: Record<string, string | null | undefined>): string {
  const entries = Object.entries(args).filter((entry): entry is [string, string] => Boolean(entry[1]));
  if (entries.length === 0) return `${tool} {}`;
  return `${tool} {${entries.map(([key, value]) => ` ${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(",")} }`;
}

/** `sh-run` expands a prompt by name; its `project` argument must be the project's id (a UUID). */
export function shRunCall(prompt: string, projectId?: string | null): string {
  return mcpToolCall("sh-run", { name: prompt, project: projectId });
}

/** `sh-workflow-run` runs a workflow by name, optionally under a project (its id). */
export function shWorkflowRunCall(workflow: string, projectId?: string | null): string {
  return mcpToolCall("sh-workflow-run", { name: workflow, project: projectId });
}
