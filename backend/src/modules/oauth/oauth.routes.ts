import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requestOrigin } from "../../http/authenticate.js";
import { publicBaseUrl } from "../../http/public-url.js";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { findNulCharacter, NUL_MESSAGE } from "../../http/text-input.js";
import { ADDRESS_LIMIT_FACTOR } from "../auth/rate-limit.js";
import { startAuthorization } from "./authorize.service.js";
import { registerClient } from "./clients.service.js";
import {
  approveConsentRequest,
  denyConsentRequest,
  getConsentRequest,
  listGrants,
  revokeGrant,
} from "./consent.service.js";
import { authorizationServerMetadata, protectedResourceMetadata } from "./metadata.js";
import {
  authorizationServerMetadata as authorizationServerMetadataSchema,
  authorizeQuery,
  consentRequestResponse,
  decisionResponse,
  grantIdParams,
  grantListResponse,
  oauthErrorResponse,
  protectedResourceMetadata as protectedResourceMetadataSchema,
  registerClientBody,
  registeredClientResponse,
  requestIdParams,
  revokeBody,
  toConsentRequestResponse,
  toGrantResponse,
  tokenBody,
  tokenResponse,
} from "./oauth.schemas.js";
import {
  describeValidation,
  installOAuthErrorHandler,
  invalidClientMetadata,
  invalidRedirectUri,
  invalidRequest,
  OAuthError,
} from "./oauth-errors.js";
import { exchangeToken, revokeToken, type TokenContext } from "./tokens.service.js";

const tags = ["oauth"];
/** Form bodies are a few parameters; nothing legitimate comes near this. */
const FORM_BODY_LIMIT = 64 * 1024;
/** These endpoints identify no caller: clients authenticate to the token endpoint themselves. */
const open = { auth: "none" } as const;

/**
 * OAuth token and revocation requests are form-encoded (RFC 6749 §4.1.3). Each parameter may
 * appear once; the body becomes a plain object of strings, like a JSON body would be.
 */
function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => {
      const params = new Map<string, string>();
      for (const [name, value] of new URLSearchParams(body as string)) {
        if (params.has(name)) return done(invalidRequest(`${name} is given more than once`), undefined);
        params.set(name, value);
      }
      done(null, Object.fromEntries(params));
    },
  );
}

/** PostgreSQL text cannot hold U+0000: refused up front, as the REST API does, in OAuth's words. */
async function refuseNul(request: FastifyRequest): Promise<void> {
  for (const part of [request.query, request.body]) {
    const path = findNulCharacter(part);
    if (path) throw invalidRequest(`${path.join(".") || "parameter"}: ${NUL_MESSAGE}`);
  }
}

/** A registration refused by its schema: a bad redirect URI is told apart from other bad metadata. */
function registrationError(error: Error & { validation?: unknown[] }): OAuthError {
  const [first] = (error.validation ?? []) as { instancePath?: string }[];
  const description = describeValidation(error);
  return first?.instancePath?.startsWith("/redirect_uris")
    ? invalidRedirectUri(description)
    : invalidClientMetadata(description);
}

function tokenContext(app: FastifyInstance, request: FastifyRequest): TokenContext {
  return {
    db: app.db,
    config: app.config,
    origin: requestOrigin(request),
    authorization: request.headers.authorization,
  };
}

/**
 * SpecHub's own OAuth 2.1 authorization server for `/mcp` (MCP authorization, 2025-11-25): the
 * discovery documents, client registration, authorization, tokens and revocation, at the root
 * as the specifications place them. The user's consent is asked by the web UI (`/oauth/consent`).
 */
export const oauthServerRoutes: FastifyPluginAsyncZod = async (app) => {
  installOAuthErrorHandler(app);
  acceptFormBodies(app);
  app.addHook("preValidation", refuseNul);

  for (const url of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
    app.get(
      url,
      {
        config: open,
        schema: {
          tags,
          security: [],
          summary: "Protected resource metadata of the MCP endpoint (RFC 9728)",
          response: { 200: protectedResourceMetadataSchema },
        },
      },
      async (request) => protectedResourceMetadata(publicBaseUrl(request, app.config)),
    );
  }

  app.get(
    "/.well-known/oauth-protected-resource/api",
    {
      config: open,
      schema: {
        tags,
        security: [],
        summary: "Protected resource metadata of the REST API (RFC 9728), for clients such as the command line",
        response: { 200: protectedResourceMetadataSchema },
      },
    },
    async (request) => protectedResourceMetadata(publicBaseUrl(request, app.config), "api"),
  );

  app.get(
    "/.well-known/oauth-authorization-server",
    {
      config: open,
      schema: {
        tags,
        security: [],
        summary: "Authorization server metadata (RFC 8414)",
        response: { 200: authorizationServerMetadataSchema },
      },
    },
    async (request) => authorizationServerMetadata(publicBaseUrl(request, app.config)),
  );

  app.post(
    "/oauth/register",
    {
      config: open,
      attachValidation: true,
      onRequest: app.rateLimit({
        max: app.config.authRateLimitMax * ADDRESS_LIMIT_FACTOR,
        timeWindow: "1 minute",
        errorResponseBuilder: (_request, context) =>
          new OAuthError(
            429,
            "rate_limited",
            `Too many registrations from this address; try again in ${context.after}`,
            {
              "retry-after": String(Math.max(1, Math.ceil(context.ttl / 1000))),
            },
          ),
      }),
      schema: {
        tags,
        security: [],
        summary: "Register a client (RFC 7591 dynamic client registration)",
        description:
          "Open to anyone, limited per client address. A confidential client's `client_secret` is in this " +
          "response only. Errors are RFC 7591's `invalid_redirect_uri` and `invalid_client_metadata`.",
        body: registerClientBody,
        response: { 201: registeredClientResponse, 400: oauthErrorResponse, 429: oauthErrorResponse },
      },
    },
    async (request, reply) => {
      if (request.validationError) throw registrationError(request.validationError);
      const client = await registerClient(app.db, request.body, {
        anonymous: true,
        name: request.body.client_name ?? null,
        origin: requestOrigin(request),
      });
      return reply.code(201).header("cache-control", "no-store").send(client);
    },
  );

  app.get(
    "/oauth/authorize",
    {
      config: open,
      attachValidation: true,
      schema: {
        tags,
        security: [],
        summary: "Start an authorization (authorization code with PKCE S256)",
        description:
          "Redirects to the consent page (`/oauth/consent?request=…`). An unknown client or a redirect URI it " +
          "did not register is answered with 400; other problems are sent to the redirect URI as `error`, " +
          "`error_description`, `state` and `iss`.",
        querystring: authorizeQuery,
        response: {
          302: z.null().describe("To the consent page, or back to the client with an error"),
          400: oauthErrorResponse,
        },
      },
    },
    async (request, reply) => {
      if (request.validationError) throw invalidRequest(describeValidation(request.validationError));
      const location = await startAuthorization(app.db, app.config, publicBaseUrl(request, app.config), request.query);
      return reply.header("cache-control", "no-store").redirect(location, 302);
    },
  );

  app.post(
    "/oauth/token",
    {
      config: open,
      attachValidation: true,
      schema: {
        tags,
        security: [],
        summary: "Exchange an authorization code or a refresh token for tokens",
        description:
          "Form-encoded (JSON is accepted too). Public clients send `client_id`; confidential ones " +
          "authenticate with HTTP Basic or `client_secret`. Refresh tokens are single-use: each refresh returns " +
          "a new one, and presenting a used one revokes the app's access.",
        consumes: ["application/x-www-form-urlencoded", "application/json"],
        body: tokenBody,
        response: { 200: tokenResponse, 400: oauthErrorResponse, 401: oauthErrorResponse },
      },
    },
    async (request, reply) => {
      if (request.validationError) throw invalidRequest(describeValidation(request.validationError));
      const tokens = await exchangeToken(tokenContext(app, request), request.body);
      return reply.header("cache-control", "no-store").header("pragma", "no-cache").send(tokens);
    },
  );

  app.post(
    "/oauth/revoke",
    {
      config: open,
      attachValidation: true,
      schema: {
        tags,
        security: [],
        summary: "Revoke an access or refresh token (RFC 7009)",
        description:
          "200 for any well-formed request, known token or not. A refresh token takes its access tokens along.",
        consumes: ["application/x-www-form-urlencoded", "application/json"],
        body: revokeBody,
        response: { 200: z.null().optional().describe("No content"), 400: oauthErrorResponse, 401: oauthErrorResponse },
      },
    },
    async (request, reply) => {
      if (request.validationError) throw invalidRequest(describeValidation(request.validationError));
      await revokeToken(tokenContext(app, request), request.body);
      return reply.code(200).header("cache-control", "no-store").send(undefined);
    },
  );
};

const notFoundErrors = { ...authErrors, 404: errorResponse };

/** The web UI's side of the authorization server: consent, and the user's connected apps. */
export const oauthConsentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/requests/:id",
    {
      schema: {
        tags,
        summary: "An authorization request waiting for the caller's consent",
        description: "Signed-in people only (session cookie or JWT), not API keys. 404 once expired or decided.",
        params: requestIdParams,
        response: { 200: consentRequestResponse, ...notFoundErrors },
      },
    },
    async (request) => toConsentRequestResponse(await getConsentRequest(app.db, request.principal, request.params.id)),
  );

  app.post(
    "/requests/:id/approve",
    {
      schema: {
        tags,
        summary: "Approve an authorization request: the app may act for the caller with its scopes",
        description: "Answers where to send the browser: the app's redirect URI with the code, `state` and `iss`.",
        params: requestIdParams,
        response: { 200: decisionResponse, ...notFoundErrors },
      },
    },
    async (request) => ({
      redirect_to: await approveConsentRequest(app.db, request.principal, request.params.id),
    }),
  );

  app.post(
    "/requests/:id/deny",
    {
      schema: {
        tags,
        summary: "Deny an authorization request",
        description: "Answers where to send the browser: the app's redirect URI with `error=access_denied`.",
        params: requestIdParams,
        response: { 200: decisionResponse, ...notFoundErrors },
      },
    },
    async (request) => ({
      redirect_to: await denyConsentRequest(app.db, request.principal, request.params.id),
    }),
  );

  app.get(
    "/grants",
    {
      schema: {
        tags,
        summary: "The caller's connected apps",
        response: { 200: grantListResponse, ...authErrors },
      },
    },
    async (request) => ({ items: (await listGrants(app.db, request.principal)).map(toGrantResponse) }),
  );

  app.delete(
    "/grants/:id",
    {
      schema: {
        tags,
        summary: "Disconnect an app (its user, or an admin): its tokens stop working at once",
        params: grantIdParams,
        response: { 204: z.null(), ...notFoundErrors },
      },
    },
    async (request, reply) => {
      await revokeGrant(app.db, request.principal, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
