import type { ResponseBody } from "@/lib/api/types";

export type AuditEvent = ResponseBody<"/api/v1/audit", "get">["items"][number];

const ACTOR_KINDS: Record<AuditEvent["actor"]["type"], string> = {
  user: "User",
  api_key: "API key",
  operator: "Operator token",
  anonymous: "Anonymous",
  system: "SpecHub",
};

/** Who acted, in words: a person's name, an API key's name (and that it was a key), or the kind of caller. */
export function actorLabel(actor: AuditEvent["actor"]): string {
  if (actor.type === "api_key") return actor.name ? `${actor.name} (API key)` : "An API key";
  if (actor.type === "user" && actor.name) return actor.name;
  return ACTOR_KINDS[actor.type] ?? actor.type;
}

export const CHANNEL_LABELS: Record<AuditEvent["channel"], string> = {
  web: "Web UI",
  rest: "REST API",
  mcp: "MCP",
  cli: "CLI",
  system: "SpecHub",
};

/** "prompt.label_moved" → "Label moved"; the target type is shown beside it already. */
export function actionVerb(action: string): string {
  const verb = action.slice(action.indexOf(".") + 1).replaceAll("_", " ");
  return verb.charAt(0).toUpperCase() + verb.slice(1);
}

/** Where a target can be seen in the web UI, when it has a page. */
export function targetHref(target: AuditEvent["target"]): string | null {
  if (!target.id) return null;
  const id = encodeURIComponent(target.id);
  switch (target.type) {
    case "prompt":
      return target.name ? `/prompts/${encodeURIComponent(target.name)}` : null;
    case "workflow":
      return `/workflows/${id}`;
    case "project":
      return `/projects/${id}`;
    case "team":
      return `/teams?team=${id}`;
    case "change_request":
      return `/reviews/${id}`;
    default:
      return null;
  }
}

export type FieldChange = { field: string; before: string | null; after: string | null };

/** A value as the before/after view shows it: text as is, anything else as compact JSON; absent is null. */
export function formatValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.length === 0) return "none";
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.join(", ");
  return JSON.stringify(value, null, 2);
}

type Values = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Values =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => value === null || ["string", "number", "boolean"].includes(typeof value);

/**
 * A field holding a small map of plain values (the labels a move changed, `{production: "1.2.0"}`)
 * is shown key by key, as `labels.production`; anything deeper (an input schema) stays whole.
 */
function flatten(before: Values, after: Values): [string, unknown, unknown][] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.flatMap((field): [string, unknown, unknown][] => {
    const [old, now] = [before[field], after[field]];
    const maps = [old, now].filter((value) => value !== undefined && value !== null);
    if (maps.length > 0 && maps.every((value) => isPlainObject(value) && Object.values(value).every(isScalar))) {
      const oldMap = isPlainObject(old) ? old : {};
      const newMap = isPlainObject(now) ? now : {};
      const keys = [...new Set([...Object.keys(oldMap), ...Object.keys(newMap)])];
      return keys.map((key) => [`${field}.${key}`, oldMap[key], newMap[key]]);
    }
    return [[field, old, now]];
  });
}

/**
 * Every field named on either side of an event's changes, in the order first seen, with both
 * values written out. A field only on one side was set (before is null) or cleared (after is null).
 */
export function fieldChanges(changes: AuditEvent["changes"]): FieldChange[] {
  if (!changes) return [];
  return flatten(changes.before ?? {}, changes.after ?? {}).map(([field, before, after]) => ({
    field,
    before: formatValue(before),
    after: formatValue(after),
  }));
}

const SHORT = 40;

const short = (value: string | null) =>
  value === null ? "—" : value.includes("\n") || value.length > SHORT ? "…" : value;

/**
 * One line for the table: a single short change in full ("version: 1.2.0 → 1.3.0"), else the
 * names of the fields that changed. Empty when the event records no changes.
 */
export function changesSummary(changes: AuditEvent["changes"]): string {
  const list = fieldChanges(changes);
  if (list.length === 0) return "";
  if (list.length === 1) {
    const [{ field, before, after }] = list as [FieldChange];
    return `${field}: ${short(before)} → ${short(after)}`;
  }
  const names = list.map((change) => change.field);
  return names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}
