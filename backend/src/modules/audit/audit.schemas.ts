import { z } from "zod";
import { AUDIT_ACTOR_TYPES, AUDIT_CHANNELS } from "../../db/schema.js";
import { timestamp, toIso } from "../../http/schemas.js";
import type { AuditEventRow } from "./audit.repository.js";

export const AUDIT_PAGE_MAX = 200;

const dateTime = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z` })
    .transform((value) => new Date(value));

export const auditListQuery = z.object({
  actor: z.uuid({ error: "actor must be a user id (UUID)" }).optional().describe("Events this user caused"),
  target_type: z
    .string()
    .regex(/^[a-z][a-z_]{0,49}$/, { error: "target_type must be a lowercase word, e.g. prompt or team" })
    .optional()
    .describe("`prompt`, `workflow`, `team`, `user`, `project`, `policy`, `objective`, `api_key`, …"),
  target_id: z.string().min(1).max(200).optional(),
  action: z
    .string()
    .max(100)
    .regex(/^(\*|[a-z][a-z0-9_.]*\*?)$/, {
      error: "action must be an action name (team.moved) or a prefix ending in * (team.*)",
    })
    .optional()
    .describe("An action, e.g. `team.moved`, or a prefix ending in `*`, e.g. `team.*`"),
  from: dateTime("from").optional().describe("Events at or after this moment (ISO 8601)"),
  to: dateTime("to").optional().describe("Events at or before this moment (ISO 8601)"),
  cursor: z.string().max(100).optional().describe("`next_cursor` of the previous page; absent for the newest events"),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  format: z
    .enum(["json", "jsonl"])
    .default("json")
    .describe("`jsonl`: every matching event, one JSON object per line (application/x-ndjson), no paging"),
});

export type AuditListQuery = z.infer<typeof auditListQuery>;

const changedFields = z.record(z.string(), z.unknown()).nullable();

export const auditEventResponse = z.object({
  id: z.string().describe("Increases with every event"),
  occurred_at: timestamp,
  actor: z.object({
    type: z.enum(AUDIT_ACTOR_TYPES),
    user_id: z.string().nullable(),
    name: z.string().nullable().describe("Username when it acted; for a failed sign-in, the name tried"),
    api_key_id: z.string().nullable(),
  }),
  channel: z.enum(AUDIT_CHANNELS).describe("`web` (the web UI), `rest`, `mcp`, `cli` or `system`"),
  action: z.string().describe("`<target type>.<verb>`, e.g. `team.moved`"),
  target: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  team_id: z.string().nullable().describe("The team whose subtree the target belongs to; null for org-wide"),
  changes: z
    .object({ before: changedFields, after: changedFields })
    .nullable()
    .describe("The changed fields before and after, as the API shows them; never secrets"),
  request_id: z.string().nullable(),
  client_address: z.string().nullable(),
});

export const auditListResponse = z.object({
  items: z.array(auditEventResponse),
  next_cursor: z.string().nullable().describe("Pass as `cursor` for older events; null on the last page"),
});

export function toAuditEventResponse(row: AuditEventRow): z.infer<typeof auditEventResponse> {
  return {
    id: String(row.id),
    occurred_at: toIso(row.occurredAt),
    actor: { type: row.actorType, user_id: row.actorUserId, name: row.actorName, api_key_id: row.apiKeyId },
    channel: row.channel,
    action: row.action,
    target: { type: row.targetType, id: row.targetId, name: row.targetName },
    team_id: row.teamId,
    changes: row.changes ? { before: row.changes.before ?? null, after: row.changes.after ?? null } : null,
    request_id: row.requestId,
    client_address: row.clientAddress,
  };
}
