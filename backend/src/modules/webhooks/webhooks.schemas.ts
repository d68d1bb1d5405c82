import { z } from "zod";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS } from "../../db/schema.js";
import { named, nullableTimestamp, timestamp, toIso, toIsoOrNull } from "../../http/schemas.js";
import type { DeliveryRow, WebhookListing } from "./webhooks.repository.js";

const eventField = z.enum(WEBHOOK_EVENTS).describe("An event a webhook can subscribe to");

const eventsField = z
  .array(eventField)
  .min(1, { error: "subscribe to at least one event" })
  .max(WEBHOOK_EVENTS.length)
  .refine((events) => new Set(events).size === events.length, { error: "events must not repeat" })
  .describe("The events sent to the endpoint; `ping` is sent by the test route without being subscribed");

const urlField = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .describe(
    "The receiver's https URL. Plain http and private, loopback and link-local addresses only while the " +
      "organization setting `webhooks_allow_private` is on",
  );

const descriptionField = named("WebhookDescription", z.string().trim().max(200)).nullable();

export const webhookIdParam = z.object({ webhook_id: z.uuid() });
export const deliveryIdParam = z.object({ webhook_id: z.uuid(), delivery_id: z.uuid() });

export const webhookCreateBody = z
  .object({
    url: urlField,
    events: eventsField,
    description: descriptionField.optional(),
    team_id: z
      .uuid()
      .nullable()
      .optional()
      .describe("Only events of this team and the teams below it; null (admins only): every event"),
    active: z.boolean().optional().describe("Inactive webhooks receive nothing; default true"),
  })
  .strict();

export const webhookUpdateBody = z
  .object({
    url: urlField.optional(),
    events: eventsField.optional(),
    description: descriptionField.optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const webhookResponse = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(eventField),
  description: z.string().nullable(),
  team_id: z.string().nullable(),
  team_name: z.string().nullable(),
  active: z.boolean(),
  created_by_id: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  last_delivery: z
    .object({
      status: z.enum(WEBHOOK_DELIVERY_STATUSES),
      response_code: z.number().int().nullable(),
      at: timestamp,
    })
    .nullable()
    .describe("The latest attempt to deliver anything to this webhook; null before the first"),
});

export const webhookCreatedResponse = webhookResponse.extend({
  secret: z.string().describe("The signing secret (`whsec_…`): shown only in this answer; store it in the receiver"),
});

export const webhookListResponse = z.object({ items: z.array(webhookResponse) });

export const secretResponse = z.object({
  secret: z.string().describe("The new signing secret, shown only here; the old one stops signing at once"),
});

export const deliveryResponse = z.object({
  id: z.string().describe("The idempotency id: the same on every retry and redelivery (`X-SpecHub-Delivery`)"),
  webhook_id: z.string(),
  event: z.enum([...WEBHOOK_EVENTS, "ping"]),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  response_code: z.number().int().nullable(),
  duration_ms: z.number().int().nullable(),
  error: z.string().nullable().describe("Why the latest attempt failed, with a short excerpt of the answer"),
  next_attempt_at: nullableTimestamp,
  created_at: timestamp,
  delivered_at: nullableTimestamp,
  payload: z.record(z.string(), z.unknown()).describe("The JSON body the receiver gets"),
});

export const deliveryListQuery = z.object({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional().describe("`next_cursor` of the previous page"),
});

export const deliveryListResponse = z.object({
  items: z.array(deliveryResponse),
  next_cursor: z.string().nullable(),
});

export function toWebhookResponse(row: WebhookListing): z.infer<typeof webhookResponse> {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    team_id: row.teamId,
    team_name: row.teamName,
    active: row.active,
    created_by_id: row.createdById,
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
    last_delivery: row.lastDelivery
      ? {
          status: row.lastDelivery.status,
          response_code: row.lastDelivery.responseCode,
          at: toIso(row.lastDelivery.at),
        }
      : null,
  };
}

export function toDeliveryResponse(row: DeliveryRow): z.infer<typeof deliveryResponse> {
  return {
    id: row.id,
    webhook_id: row.webhookId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    response_code: row.responseCode,
    duration_ms: row.durationMs,
    error: row.error,
    next_attempt_at: toIsoOrNull(row.nextAttemptAt),
    created_at: toIso(row.createdAt),
    delivered_at: toIsoOrNull(row.deliveredAt),
    payload: row.payload,
  };
}
