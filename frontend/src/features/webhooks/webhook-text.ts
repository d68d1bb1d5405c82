import type { Delivery, DeliveryStatus, Webhook, WebhookEvent } from "./api";

/** An event in words: `label` for badges and log rows, `description` for the picker. */
export type EventText = { label: string; description: string };

const EVENT_TEXT: Record<WebhookEvent, EventText> = {
  "prompt.version_created": {
    label: "Prompt version saved",
    description: "A new version of a prompt is saved, including a new prompt's first version.",
  },
  "prompt.label_moved": {
    label: "Label moved",
    description: "A label such as production points at another version of a prompt, or is removed.",
  },
  "prompt.deprecated": {
    label: "Prompt deprecated",
    description: "A prompt is deprecated, or taken out of deprecation.",
  },
  "change_request.opened": {
    label: "Change request opened",
    description: "Someone proposes a change that needs a reviewer's approval.",
  },
  "change_request.approved": {
    label: "Change request approved",
    description: "A reviewer approves a change request, and the change applies.",
  },
  "change_request.rejected": {
    label: "Change request rejected",
    description: "A reviewer rejects a change request; nothing changes.",
  },
  "policy.changed": {
    label: "Policy changed",
    description: "A policy is created, changed or deleted.",
  },
  "objective.changed": {
    label: "Objective changed",
    description: "An objective is created, changed or deleted.",
  },
  ping: {
    label: "Test event",
    description: "Sent only by “Send test event”, to check that the receiver answers.",
  },
};

/** The events a webhook can subscribe to, in the order the picker lists them (`ping` is never subscribed). */
export const SUBSCRIBABLE_EVENTS: readonly Exclude<WebhookEvent, "ping">[] = [
  "prompt.version_created",
  "prompt.label_moved",
  "prompt.deprecated",
  "change_request.opened",
  "change_request.approved",
  "change_request.rejected",
  "policy.changed",
  "objective.changed",
];

/** Words for an event; an event this UI does not know yet (a newer backend) is shown by its name. */
export function eventText(event: string): EventText {
  return EVENT_TEXT[event as WebhookEvent] ?? { label: event, description: event };
}

export type BadgeVariant = "success" | "warning" | "destructive" | "secondary";

const STATUS_TEXT: Record<DeliveryStatus, { label: string; variant: BadgeVariant }> = {
  pending: { label: "Pending", variant: "warning" },
  succeeded: { label: "Succeeded", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
};

/** A delivery status as a word and the badge colour that goes with it. */
export function deliveryStatusText(status: DeliveryStatus): { label: string; variant: BadgeVariant } {
  return STATUS_TEXT[status];
}

/**
 * The newest delivery of a webhook in a few words: "Succeeded · 200", "Failed · 500",
 * "Failed · no answer" (nothing came back: a timeout or a refused connection), "Not delivered yet".
 */
export function lastDeliveryText(last: Webhook["last_delivery"]): { label: string; variant: BadgeVariant } {
  if (!last) return { label: "Not delivered yet", variant: "secondary" };
  const { label, variant } = deliveryStatusText(last.status);
  if (last.response_code !== null) return { label: `${label} · ${last.response_code}`, variant };
  return { label: last.status === "failed" ? `${label} · no answer` : label, variant };
}

/** How long the receiver took to answer: "85 ms", "1.2 s"; "—" when it never answered. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** What a pending delivery is waiting for, or what became of a finished one, for the expanded log row. */
export function deliveryOutcome(delivery: Pick<Delivery, "status" | "attempts" | "next_attempt_at">): string {
  const tries = delivery.attempts === 1 ? "1 attempt" : `${delivery.attempts} attempts`;
  if (delivery.status === "succeeded") return `Delivered after ${tries}.`;
  if (delivery.status === "failed") return `Gave up after ${tries}.`;
  if (delivery.attempts === 0) return "Waiting for its first attempt.";
  return delivery.next_attempt_at ? `${tries} so far; trying again soon.` : `${tries} so far.`;
}

/** The header every delivery is signed with, as the secret dialog explains it. */
export const SIGNATURE_HEADER = "X-SpecHub-Signature";
export const SIGNATURE_FORMAT = `${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256>`;
