/**
 * How expansion figures and logged expansions read, on the metrics page and a prompt's usage
 * panel alike. The types are structural, so either feature's API types fit.
 */

export const CHANNELS = ["rest", "mcp_tool", "mcp_prompt", "workflow"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  rest: "REST API",
  mcp_tool: "MCP tool",
  mcp_prompt: "MCP prompt",
  workflow: "Workflow step",
};

/** A channel's name for people; an unknown one (a newer backend) shows as sent. */
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as Channel] ?? channel;
}

const integer = new Intl.NumberFormat();
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export function formatCount(count: number): string {
  return integer.format(count);
}

/** A count with its noun, singular for one: "1 prompt", "3 prompts". */
export function countOf(count: number, one: string, many: string): string {
  return `${integer.format(count)} ${count === 1 ? one : many}`;
}

/** The API rounds rates to 0.1 %. */
export function formatPercent(pct: number): string {
  return `${oneDecimal.format(pct)} %`;
}

/** Milliseconds up to a second, seconds beyond: "12.3 ms", "1.25 s". */
export function formatLatency(ms: number): string {
  return ms < 1000 ? `${oneDecimal.format(ms)} ms` : `${twoDecimals.format(ms / 1000)} s`;
}

/** Sizes in bytes as people read them; null (no output, the expansion failed) as a dash. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return "—";
  if (bytes < 1024) return `${integer.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${oneDecimal.format(bytes / 1024)} KB`;
  return `${oneDecimal.format(bytes / (1024 * 1024))} MB`;
}

type Caller = {
  caller_type: "user" | "api_key" | "anonymous";
  user: { username: string | null; display_name: string | null } | null;
  api_key: { name: string | null } | null;
};

/** Who expanded: the person, and the API key they used if any ("Ada Lovelace · key ci-bot"). */
export function callerLabel(event: Caller): string {
  if (event.caller_type === "anonymous" || (!event.user && !event.api_key)) return "Anonymous";
  const person = event.user ? event.user.display_name || event.user.username || "(deleted user)" : null;
  const key = event.api_key ? `key ${event.api_key.name ?? "(deleted)"}` : null;
  return [person, key].filter(Boolean).join(" · ");
}

/** The version served (or asked for, when the expansion failed) after the prompt's name. */
export function promptAtVersion(event: { prompt: string; version: string }): string {
  return `${event.prompt}@${event.version}`;
}

/**
 * The label an event was served under, in words: null means an exact version was asked for.
 */
export function labelText(label: string | null): string {
  return label ?? "exact version";
}
