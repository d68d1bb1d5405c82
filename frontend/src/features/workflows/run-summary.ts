/** Words for a recorded workflow run, shared by the run list and the run detail. */

type RunShape = {
  user_id: string | null;
  username: string | null;
  api_key_id: string | null;
  channel: "web" | "rest" | "mcp" | "cli" | "system";
  status: "succeeded" | "failed";
  step_count: number;
  duration_ms: number;
};

const CHANNELS: Record<RunShape["channel"], string> = {
  web: "Web UI",
  rest: "REST API",
  mcp: "MCP",
  cli: "CLI",
  system: "System",
};

export function channelText(channel: RunShape["channel"]): string {
  return CHANNELS[channel];
}

/** Who ran it: "you", a username, or "anonymous"; with the API key noted when one was used. */
export function callerText(run: Pick<RunShape, "user_id" | "username" | "api_key_id">, currentUserId: string): string {
  if (run.user_id === null) return "anonymous";
  const who = run.user_id === currentUserId ? "you" : (run.username ?? "a former user");
  return run.api_key_id ? `${who} (API key)` : who;
}

export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function statusText(status: RunShape["status"]): { label: string; variant: "success" | "destructive" } {
  return status === "succeeded"
    ? { label: "Succeeded", variant: "success" }
    : { label: "Failed", variant: "destructive" };
}

/** One sentence for a run, as a screen reader hears its list entry. */
export function runSummaryText(run: RunShape, when: string, currentUserId: string): string {
  const steps = run.step_count === 1 ? "1 step" : `${run.step_count} steps`;
  return `${statusText(run.status).label} run by ${callerText(run, currentUserId)} via ${channelText(run.channel)}, ${when}, ${steps} in ${durationText(run.duration_ms)}`;
}

/** The run input as the detail shows it: pretty JSON, or a word when there was none. */
export function inputText(input: Record<string, unknown>): string {
  return Object.keys(input).length === 0 ? "No input." : JSON.stringify(input, null, 2);
}
