import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import {
  apiKeyListResponse,
  createApiKeyBody,
  createdApiKeyResponse,
  keyIdParams,
  toApiKeyResponse,
  userIdParams,
} from "./api-keys.schemas.js";
import { createApiKeyFor, listApiKeysOf, revokeApiKey } from "./api-keys.service.js";

const createDescription =
  "The raw key is in this response only; store it now. A caller using an API key needs the `write` " +
  "scope and cannot grant scopes its own key lacks.";

export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/users/:user_id/api-keys",
    {
      schema: {
        tags: ["api-keys"],
        summary: "Create an API key for a user (themself or, for admins, anyone)",
        description: createDescription,
        params: userIdParams,
        body: createApiKeyBody,
        response: { 201: createdApiKeyResponse, ...authErrors, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const { key, rawKey } = await createApiKeyFor(app.db, request.principal, request.params.user_id, request.body);
      return reply.code(201).send({ key: toApiKeyResponse(key), raw_key: rawKey });
    },
  );

  app.get(
    "/users/:user_id/api-keys",
    {
      schema: {
        tags: ["api-keys"],
        summary: "List a user's API keys, newest first",
        params: userIdParams,
        response: { 200: apiKeyListResponse, ...authErrors, 404: errorResponse },
      },
    },
    async (request) => {
      const keys = await listApiKeysOf(app.db, request.principal, request.params.user_id);
      return keys.map((key) => toApiKeyResponse(key));
    },
  );

  app.post(
    "/api-keys",
    {
      schema: {
        tags: ["api-keys"],
        summary: "Create an API key for the caller",
        description: createDescription,
        body: createApiKeyBody,
        response: { 201: createdApiKeyResponse, ...authErrors, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request.principal);
      const { key, rawKey } = await createApiKeyFor(app.db, request.principal, user.id, request.body);
      return reply.code(201).send({ key: toApiKeyResponse(key), raw_key: rawKey });
    },
  );

  app.get(
    "/api-keys",
    {
      schema: {
        tags: ["api-keys"],
        summary: "List the caller's API keys, newest first",
        response: { 200: apiKeyListResponse, ...authErrors },
      },
    },
    async (request) => {
      const { user } = requireUser(request.principal);
      const keys = await listApiKeysOf(app.db, request.principal, user.id);
      return keys.map((key) => toApiKeyResponse(key));
    },
  );

  app.delete(
    "/api-keys/:key_id",
    {
      schema: {
        tags: ["api-keys"],
        summary: "Revoke an API key (its owner or an admin)",
        description: "Revocation is permanent; revoking an already revoked key succeeds.",
        params: keyIdParams,
        response: { 204: z.null(), ...authErrors, 404: errorResponse },
      },
    },
    async (request, reply) => {
      await revokeApiKey(app.db, request.principal, request.params.key_id);
      return reply.code(204).send(null);
    },
  );
};
