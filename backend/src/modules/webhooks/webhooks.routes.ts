import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, errorResponse } from "../../http/schemas.js";
import {
  deliveryIdParam,
  deliveryListQuery,
  deliveryListResponse,
  deliveryResponse,
  secretResponse,
  toDeliveryResponse,
  toWebhookResponse,
  webhookCreateBody,
  webhookCreatedResponse,
  webhookIdParam,
  webhookListResponse,
  webhookResponse,
  webhookUpdateBody,
} from "./webhooks.schemas.js";
import {
  addWebhook,
  changeWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  removeWebhook,
  rotateWebhookSecret,
  sendTestEvent,
} from "./webhooks.service.js";

const tags = ["webhooks"];

const who =
  "Admins manage every webhook; owners of a team (or a team above it) manage the webhooks scoped to that team.";

export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "",
    {
      schema: {
        tags,
        summary: "Register a webhook",
        description:
          `${who} Team owners must give \`team_id\`; organization-wide webhooks (no team) are admins' alone. ` +
          "The answer holds the signing secret, shown this once. 422 names why a URL is refused.",
        body: webhookCreateBody,
        response: { 201: webhookCreatedResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { webhook, secret } = await addWebhook(app.db, request.principal, {
        url: body.url,
        events: body.events,
        description: body.description,
        teamId: body.team_id,
        active: body.active,
      });
      return reply.code(201).send({ ...toWebhookResponse(webhook), secret });
    },
  );

  app.get(
    "",
    {
      schema: {
        tags,
        summary: "List the webhooks the caller manages",
        description: `${who} Newest first; secrets are never shown.`,
        response: { 200: webhookListResponse, ...authErrors },
      },
    },
    async (request) => ({ items: (await listWebhooks(app.db, request.principal)).map(toWebhookResponse) }),
  );

  app.get(
    "/:webhook_id",
    {
      schema: {
        tags,
        summary: "One webhook",
        description: "404 when it does not exist or the caller may not manage it.",
        params: webhookIdParam,
        response: { 200: webhookResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) => toWebhookResponse(await getWebhook(app.db, request.principal, request.params.webhook_id)),
  );

  app.patch(
    "/:webhook_id",
    {
      schema: {
        tags,
        summary: "Change a webhook",
        description: "Absent fields stay as they are; a new URL is checked as on registration.",
        params: webhookIdParam,
        body: webhookUpdateBody,
        response: { 200: webhookResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) => {
      const body = request.body;
      const webhook = await changeWebhook(app.db, request.principal, request.params.webhook_id, {
        url: body.url,
        events: body.events,
        description: body.description,
        active: body.active,
      });
      return toWebhookResponse(webhook);
    },
  );

  app.post(
    "/:webhook_id/secret",
    {
      schema: {
        tags,
        summary: "Rotate a webhook's signing secret",
        description: "The new secret is shown only in this answer; the old one stops signing at once.",
        params: webhookIdParam,
        response: { 200: secretResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) => ({ secret: await rotateWebhookSecret(app.db, request.principal, request.params.webhook_id) }),
  );

  app.delete(
    "/:webhook_id",
    {
      schema: {
        tags,
        summary: "Delete a webhook and its delivery log",
        params: webhookIdParam,
        response: { 204: z.null(), 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      await removeWebhook(app.db, request.principal, request.params.webhook_id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/:webhook_id/test",
    {
      schema: {
        tags,
        summary: "Send a test event",
        description: "Queues a `ping` event to this webhook alone; the delivery log shows how it went.",
        params: webhookIdParam,
        response: { 202: deliveryResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const delivery = await sendTestEvent(app.db, request.principal, request.params.webhook_id);
      return reply.code(202).send(toDeliveryResponse(delivery));
    },
  );

  app.get(
    "/:webhook_id/deliveries",
    {
      schema: {
        tags,
        summary: "A webhook's delivery log",
        description: "Newest first; finished deliveries are kept for 30 days.",
        params: webhookIdParam,
        querystring: deliveryListQuery,
        response: { 200: deliveryListResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) => {
      const page = await listDeliveries(app.db, request.principal, request.params.webhook_id, request.query);
      return { items: page.items.map(toDeliveryResponse), next_cursor: page.nextCursor };
    },
  );

  app.post(
    "/:webhook_id/deliveries/:delivery_id/redeliver",
    {
      schema: {
        tags,
        summary: "Deliver again",
        description:
          "Queues the delivery again now with the same id (receivers deduplicate on it); attempts keep counting, " +
          "and it is retried for another day if it fails.",
        params: deliveryIdParam,
        response: { 202: deliveryResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const delivery = await redeliver(
        app.db,
        request.principal,
        request.params.webhook_id,
        request.params.delivery_id,
      );
      return reply.code(202).send(toDeliveryResponse(delivery));
    },
  );
};
