import type { Db } from "../../db/client.js";
import { type AuditActorType, type AuditChannel, auditEvents } from "../../db/schema.js";
import type { Principal, RequestOrigin } from "../../http/types.js";
import { enqueueWebhookEvent, isWebhookAction } from "../webhooks/webhook-events.js";

/** What changed, for the audit log. Call inside the transaction that makes the change. */
export type AuditEntry = {
  /** `<target type>.<verb>`, e.g. `prompt.created`, `label.moved`, `user.role_changed`. */
  action: string;
  target: { type: string; id?: string | null; name?: string | null };
  /** The team whose subtree the target sits in (its owners read the event); null for org-wide. */
  teamId?: string | null;
  /** The changed fields' values before and after; only fields that differ are kept. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** Someone acting without a principal: a failed or anonymous sign-in, or the service itself. */
export type AnonymousActor = { anonymous: true; name?: string | null; origin?: RequestOrigin };

// Field names that hold credentials or their hashes: never written to the log, whatever the module.
const SECRET_FIELD = /(password|secret|token|hash|^key$|raw_?key)/i;

/** The fields' values with secrets dropped, nested objects included. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!SECRET_FIELD.test(key)) kept[key] = redactSecrets(field);
  }
  return kept;
}

/**
 * A resource as the API shows it, without what every row carries (its id, timestamps): the
 * fields an event's before and after compare.
 */
export function auditedFields(response: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, created_at: _created, updated_at: _updated, ...fields } = response;
  return fields;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Keeps only the fields whose values differ, so an event shows what changed and nothing else. */
function changedFields(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  if (!before || !after) return { before: before ?? null, after: after ?? null };
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of keys) {
    if (sameValue(before[key], after[key])) continue;
    was[key] = before[key] ?? null;
    now[key] = after[key] ?? null;
  }
  return { before: was, after: now };
}

function actorOf(actor: Principal | AnonymousActor): {
  actorType: AuditActorType;
  actorUserId: string | null;
  actorName: string | null;
  apiKeyId: string | null;
} {
  if ("anonymous" in actor) {
    return { actorType: "anonymous", actorUserId: null, actorName: actor.name ?? null, apiKeyId: null };
  }
  const actorType: AuditActorType =
    actor.via === "api_key" ? "api_key" : actor.via === "operator" ? "operator" : "user";
  return {
    actorType,
    actorUserId: actor.user.id,
    actorName: actor.user.username,
    apiKeyId: actor.apiKey?.id ?? null,
  };
}

/**
 * Writes one audit event. Pass the transaction that makes the change, so the event commits with
 * it or not at all. An update whose before and after show no difference changed nothing and
 * writes nothing (saving a form unchanged).
 */
export async function recordAudit(db: Db, actor: Principal | AnonymousActor, entry: AuditEntry): Promise<void> {
  const { before, after } = changedFields(
    redactSecrets(entry.before) as Record<string, unknown> | null | undefined,
    redactSecrets(entry.after) as Record<string, unknown> | null | undefined,
  );
  if (entry.before && entry.after && Object.keys(after ?? {}).length === 0) return;
  const channel: AuditChannel = actor.origin?.channel ?? "system";
  const who = actorOf(actor);
  await db.insert(auditEvents).values({
    ...who,
    channel,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id ?? null,
    targetName: entry.target.name ?? null,
    teamId: entry.teamId ?? null,
    changes: before === null && after === null ? null : { before, after },
    requestId: actor.origin?.requestId ?? null,
    clientAddress: actor.origin?.clientAddress ?? null,
  });
  // The webhook outbox row rides in the same transaction as the change and its audit event.
  if (isWebhookAction(entry.action)) {
    await enqueueWebhookEvent(db, {
      action: entry.action,
      actor: { type: who.actorType, id: who.actorUserId, name: who.actorName },
      target: entry.target,
      teamId: entry.teamId ?? null,
      before,
      after,
    });
  }
}
