import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../../db/client.js";
import type { WebhookDeliveryStatus, WebhookEventType } from "../../db/schema.js";
import { forbidden, notFound, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { isAdmin, requireUser } from "../access/access.service.js";
import { recordAudit } from "../audit/audit.recorder.js";
import { allowsPrivateWebhooks } from "../settings/settings.service.js";
import { listManagedTeamIds } from "../teams/team-lookup.service.js";
import { getTeam } from "../teams/teams.service.js";
import { RETRY_WINDOW_MS } from "./webhook-dispatcher.js";
import { assertDeliverableUrl } from "./webhook-url.js";
import {
  createDelivery,
  createWebhook,
  type DeliveryRow,
  deleteOldDeliveries,
  deleteWebhook,
  findDeliveries,
  findDelivery,
  findWebhookById,
  findWebhookListings,
  requeueDelivery,
  updateWebhook,
  type WebhookListing,
  type WebhookRow,
} from "./webhooks.repository.js";

export type WebhookInput = {
  url: string;
  events: WebhookEventType[];
  description?: string | null;
  teamId?: string | null;
  active?: boolean;
};
export type WebhookChanges = Partial<Pick<WebhookInput, "url" | "events" | "description" | "active">>;

/** Finished deliveries and fanned-out events are kept this long for the delivery log. */
export const DELIVERY_RETENTION_DAYS = 30;

/** As the audit log (and so every other event) names the caller. */
const actorType = (caller: Principal) =>
  caller.via === "api_key" ? "api_key" : caller.via === "operator" ? "operator" : "user";

const newSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

const webhookNotFound = () => notFound("Webhook not found", "webhook_not_found");

/**
 * The teams whose webhooks the caller manages: null for admins (all, organization-wide ones
 * included); team owners the teams they own and those below. Anyone else may manage none: 403.
 */
async function managedScope(db: Db, principal: Principal): Promise<string[] | null> {
  if (isAdmin(principal)) return null;
  const teamIds = await listManagedTeamIds(db, principal.user.id);
  if (teamIds.length === 0) {
    throw forbidden("Only admins and team owners manage webhooks", "webhooks_forbidden");
  }
  return teamIds;
}

/** The webhook if the caller may manage it; 404 otherwise, so others cannot probe for ids. */
async function loadManageable(db: Db, principal: Principal, id: string): Promise<WebhookRow> {
  const scope = await managedScope(db, principal);
  const row = await findWebhookById(db, id);
  if (!row) throw webhookNotFound();
  if (scope && (row.teamId === null || !scope.includes(row.teamId))) throw webhookNotFound();
  return row;
}

async function listing(db: Db, id: string): Promise<WebhookListing> {
  const [row] = await findWebhookListings(db, { ids: [id] });
  if (!row) throw webhookNotFound();
  return row;
}

/**
 * The URL as the audit log keeps it: without the query string, where receivers often put
 * tokens of their own.
 */
const auditUrl = (raw: string) => {
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`;
};

const auditTarget = (row: WebhookRow) => ({
  target: { type: "webhook", id: row.id, name: auditUrl(row.url) },
  teamId: row.teamId,
});

const auditFields = (row: WebhookRow) => ({
  url: auditUrl(row.url),
  events: row.events,
  description: row.description,
  team_id: row.teamId,
  active: row.active,
});

/** The webhooks the caller may manage, newest first. */
export async function listWebhooks(db: Db, principal: Principal | null): Promise<WebhookListing[]> {
  const scope = await managedScope(db, requireUser(principal));
  return findWebhookListings(db, scope ? { teamIds: scope } : {});
}

export async function getWebhook(db: Db, principal: Principal | null, id: string): Promise<WebhookListing> {
  await loadManageable(db, requireUser(principal), id);
  return listing(db, id);
}

/** Registers a webhook; the answer is the only time its signing secret is shown. */
export async function addWebhook(
  db: Db,
  principal: Principal | null,
  input: WebhookInput,
): Promise<{ webhook: WebhookListing; secret: string }> {
  const caller = requireUser(principal);
  const scope = await managedScope(db, caller);
  const teamId = input.teamId ?? null;
  if (teamId !== null) {
    await getTeam(db, teamId).catch(() => {
      throw unprocessable(`team_id: no team has id '${teamId}'`, "team_not_found");
    });
  }
  if (scope && teamId === null) {
    throw forbidden("Only admins register organization-wide webhooks: give the team_id of a team you own");
  }
  if (scope && teamId !== null && !scope.includes(teamId)) {
    throw forbidden("Only admins and owners of this team or a team above it may register webhooks for it");
  }
  const url = await assertDeliverableUrl(input.url, await allowsPrivateWebhooks(db));
  const secret = newSecret();
  const created = await db.transaction(async (tx) => {
    const row = await createWebhook(tx, {
      url,
      events: input.events,
      description: input.description ?? null,
      teamId,
      active: input.active ?? true,
      secret,
      createdById: caller.user.id,
    });
    await recordAudit(tx, caller, { action: "webhook.created", ...auditTarget(row), after: auditFields(row) });
    return row;
  });
  return { webhook: await listing(db, created.id), secret };
}

/** Changes the URL, events, description or whether it is active; absent fields stay. */
export async function changeWebhook(
  db: Db,
  principal: Principal | null,
  id: string,
  changes: WebhookChanges,
): Promise<WebhookListing> {
  const caller = requireUser(principal);
  await loadManageable(db, caller, id);
  const url =
    changes.url === undefined ? undefined : await assertDeliverableUrl(changes.url, await allowsPrivateWebhooks(db));
  await db.transaction(async (tx) => {
    const before = await findWebhookById(tx, id);
    if (!before) throw webhookNotFound();
    const after = await updateWebhook(tx, id, {
      ...(url !== undefined ? { url } : {}),
      ...(changes.events !== undefined ? { events: changes.events } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
    });
    if (!after) throw webhookNotFound();
    await recordAudit(tx, caller, {
      action: "webhook.updated",
      ...auditTarget(after),
      before: auditFields(before),
      after: auditFields(after),
    });
  });
  return listing(db, id);
}

/** Replaces the signing secret; the old one signs nothing from now on. */
export async function rotateWebhookSecret(db: Db, principal: Principal | null, id: string): Promise<string> {
  const caller = requireUser(principal);
  await loadManageable(db, caller, id);
  const secret = newSecret();
  await db.transaction(async (tx) => {
    const row = await updateWebhook(tx, id, { secret });
    if (!row) throw webhookNotFound();
    await recordAudit(tx, caller, { action: "webhook.secret_rotated", ...auditTarget(row) });
  });
  return secret;
}

/** Deletes the webhook and its delivery log. */
export async function removeWebhook(db: Db, principal: Principal | null, id: string): Promise<void> {
  const caller = requireUser(principal);
  const row = await loadManageable(db, caller, id);
  await db.transaction(async (tx) => {
    await deleteWebhook(tx, id);
    await recordAudit(tx, caller, { action: "webhook.deleted", ...auditTarget(row), before: auditFields(row) });
  });
}

/** Queues a `ping` to this webhook alone (even while it is inactive it is queued, and sent once active). */
export async function sendTestEvent(db: Db, principal: Principal | null, id: string): Promise<DeliveryRow> {
  const caller = requireUser(principal);
  const row = await loadManageable(db, caller, id);
  const deliveryId = randomUUID();
  return db.transaction(async (tx) => {
    const delivery = await createDelivery(tx, {
      id: deliveryId,
      webhookId: id,
      eventId: null,
      event: "ping",
      payload: {
        id: deliveryId,
        type: "ping",
        created_at: new Date().toISOString(),
        actor: { type: actorType(caller), id: caller.user.id, name: caller.user.username },
        target: { type: "webhook", id: row.id, name: row.description ?? auditUrl(row.url) },
        team_id: row.teamId,
        data: {},
      },
      retryForMs: RETRY_WINDOW_MS,
    });
    await recordAudit(tx, caller, {
      action: "webhook.test_sent",
      ...auditTarget(row),
      after: { delivery_id: delivery.id },
    });
    return delivery;
  });
}

const CURSOR_PREFIX = "d";
const encodeCursor = (seq: number) => Buffer.from(`${CURSOR_PREFIX}${seq}`).toString("base64url");

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString();
  const seq = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(seq) || seq < 1) {
    throw unprocessable("cursor is not one this API gave; start again without it", "invalid_cursor");
  }
  return seq;
}

/** A page of the webhook's delivery log, newest first. */
export async function listDeliveries(
  db: Db,
  principal: Principal | null,
  id: string,
  query: { status?: WebhookDeliveryStatus; limit: number; cursor?: string },
): Promise<{ items: DeliveryRow[]; nextCursor: string | null }> {
  await loadManageable(db, requireUser(principal), id);
  const rows = await findDeliveries(db, id, {
    status: query.status,
    beforeSeq: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.seq) : null };
}

/**
 * Queues a delivery again now, keeping its id (receivers deduplicate on it) and its attempt
 * count; it is retried for another day if it fails again.
 */
export async function redeliver(
  db: Db,
  principal: Principal | null,
  id: string,
  deliveryId: string,
): Promise<DeliveryRow> {
  const caller = requireUser(principal);
  const row = await loadManageable(db, caller, id);
  return db.transaction(async (tx) => {
    const delivery = await findDelivery(tx, id, deliveryId);
    if (!delivery) throw notFound("Delivery not found", "delivery_not_found");
    const queued = await requeueDelivery(tx, deliveryId, RETRY_WINDOW_MS);
    if (!queued) throw notFound("Delivery not found", "delivery_not_found");
    await recordAudit(tx, caller, {
      action: "webhook.redelivered",
      ...auditTarget(row),
      after: { delivery_id: deliveryId, event: delivery.event },
    });
    return queued;
  });
}

/** Removes finished deliveries and fanned-out events past the retention (the pruning job). */
export async function pruneWebhookDeliveries(db: Db): Promise<{ deliveries: number; events: number }> {
  return deleteOldDeliveries(db, DELIVERY_RETENTION_DAYS);
}
