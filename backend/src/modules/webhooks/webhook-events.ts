import type { Db } from "../../db/client.js";
import type { WebhookEventType } from "../../db/schema.js";
import { createWebhookEvent } from "./webhooks.repository.js";

/**
 * Webhook events come from the audit log: every change already records an audit event inside
 * its own transaction, so turning the relevant ones into outbox rows there makes an event exist
 * exactly when its change committed (a rollback takes both away) without each service having to
 * remember webhooks. This file is all the audit recorder knows of webhooks: which actions are
 * events, and how one is written. It imports nothing from the audit module (the recorder calls
 * it), so the two stay free of import cycles.
 */

/** An audit entry as the recorder has it: secrets already removed, only changed fields kept. */
export type AuditedChange = {
  action: string;
  actor: { type: string; id: string | null; name: string | null };
  target: { type: string; id?: string | null; name?: string | null };
  teamId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

type Mapped = { type: WebhookEventType; data: Record<string, unknown> };

const governanceChange = (type: "policy.changed" | "objective.changed", change: string) => (c: AuditedChange) => ({
  type,
  data: { change, before: c.before, after: c.after },
});

/** The first label named in a label event's `{ labels: { <label>: <version> } }`. */
function labelMove(c: AuditedChange): Mapped {
  const before = (c.before?.labels ?? {}) as Record<string, unknown>;
  const after = (c.after?.labels ?? {}) as Record<string, unknown>;
  const label = Object.keys(after)[0] ?? Object.keys(before)[0] ?? null;
  return {
    type: "prompt.label_moved",
    data: { label, from: label ? (before[label] ?? null) : null, to: label ? (after[label] ?? null) : null },
  };
}

const versionCreated = (first: boolean) => (c: AuditedChange) => ({
  type: "prompt.version_created" as const,
  data: {
    version: c.after?.version ?? null,
    change_note: c.after?.change_note ?? null,
    tags: c.after?.tags ?? [],
    first_version: first,
  },
});

const changeRequest =
  (type: "change_request.opened" | "change_request.approved" | "change_request.rejected") => (c: AuditedChange) => ({
    type,
    data: { ...(c.after ?? {}) },
  });

/** Audit action → webhook event. Actions missing here are no event and cost no query. */
const EVENT_OF_ACTION: Record<string, (change: AuditedChange) => Mapped> = {
  "prompt.created": versionCreated(true),
  "prompt.version_created": versionCreated(false),
  "prompt.label_moved": labelMove,
  "prompt.label_cleared": labelMove,
  "prompt.deprecated": () => ({ type: "prompt.deprecated", data: { deprecated: true } }),
  "prompt.restored": () => ({ type: "prompt.deprecated", data: { deprecated: false } }),
  "change_request.opened": changeRequest("change_request.opened"),
  "change_request.approved": changeRequest("change_request.approved"),
  "change_request.rejected": changeRequest("change_request.rejected"),
  "policy.created": governanceChange("policy.changed", "created"),
  "policy.updated": governanceChange("policy.changed", "updated"),
  "policy.deleted": governanceChange("policy.changed", "deleted"),
  "objective.created": governanceChange("objective.changed", "created"),
  "objective.updated": governanceChange("objective.changed", "updated"),
  "objective.deleted": governanceChange("objective.changed", "deleted"),
};

/** Whether an audit action is a webhook event: the recorder asks before building anything. */
export const isWebhookAction = (action: string): boolean => Object.hasOwn(EVENT_OF_ACTION, action);

/**
 * Writes the outbox row of an audited change that is a webhook event, in the caller's
 * transaction; does nothing (and sends no query) for other actions.
 */
export async function enqueueWebhookEvent(tx: Db, change: AuditedChange): Promise<void> {
  const map = EVENT_OF_ACTION[change.action];
  if (!map) return;
  const { type, data } = map(change);
  await createWebhookEvent(tx, {
    type,
    teamId: change.teamId,
    payload: {
      type,
      created_at: new Date().toISOString(),
      actor: change.actor,
      target: { type: change.target.type, id: change.target.id ?? null, name: change.target.name ?? null },
      team_id: change.teamId,
      data,
    },
  });
}
