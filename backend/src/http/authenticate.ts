import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.js";
import { assertCredentialScope } from "../modules/access/access.service.js";
import { identifyCaller, SESSION_COOKIE } from "../modules/auth/principal.js";
import type { SessionTokens } from "../modules/auth/session-token.js";
import { isApiResourceRoute, resourceUrl } from "../modules/oauth/resources.js";
import { AppError, forbidden, unauthorized } from "./errors.js";
import { publicBaseUrl } from "./public-url.js";
import type { Principal, RequestOrigin } from "./types.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorized("Authorization header must be 'Bearer <token>'", "bad_authorization_header");
  return match[1];
}

/**
 * Cookie-authenticated unsafe requests must come from our own origin: SameSite=Lax keeps most
 * cross-site requests away, and this closes the rest (sibling subdomains, old browsers).
 */
function assertSameOrigin(request: FastifyRequest, corsOrigins: string[]): void {
  const origin = request.headers.origin;
  if (origin === undefined) return; // not a browser-initiated cross-origin request
  if (corsOrigins.includes(origin)) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    throw forbidden("Cross-origin request refused", "cross_origin");
  }
  // `request.host` is X-Forwarded-Host only when a trusted proxy (TRUST_PROXY) sent it, so a
  // client cannot name its own origin as ours.
  if (originHost !== request.host.toLowerCase()) throw forbidden("Cross-origin request refused", "cross_origin");
}

/** The CLI names itself in its User-Agent; the web UI signs in with the session cookie. */
export function requestOrigin(request: FastifyRequest, via?: Principal["via"]): RequestOrigin {
  const agent = request.headers["user-agent"] ?? "";
  let channel: RequestOrigin["channel"] = "rest";
  if (request.url === "/mcp" || request.url.startsWith("/mcp?")) channel = "mcp";
  else if (agent.startsWith("spechub-cli/")) channel = "cli";
  else if (via === "cookie") channel = "web";
  return { requestId: request.id, clientAddress: request.ip, channel };
}

export function requiredScope(request: FastifyRequest) {
  return request.routeOptions.config.scope ?? (SAFE_METHODS.has(request.method) ? "read" : "write");
}

const MCP_ROUTES = new Set(["/mcp", "/mcp/"]);

const invalidToken = (detail: string) =>
  new AppError(401, "invalid_token", detail, { "www-authenticate": 'Bearer error="invalid_token"' });

/**
 * An OAuth access token is good for the one resource it was issued for (RFC 8707), at the
 * address the server is reached at now: this server's `/mcp`, or its REST API (`/api/v1/*`
 * but never the consent routes, so a token cannot connect more apps). Anywhere else it is no
 * credential.
 */
function assertAudience(request: FastifyRequest, principal: Principal | null, config: Config): void {
  const resource = principal?.oauth?.resource;
  if (resource === undefined) return;
  const kind = resource.endsWith("/api") ? "api" : "mcp";
  const route = request.routeOptions.url ?? "";
  const fits = kind === "mcp" ? MCP_ROUTES.has(route) : isApiResourceRoute(route);
  if (!fits) throw invalidToken(`This access token was issued for ${resource} and is good there only`);
  const expected = resourceUrl(publicBaseUrl(request, config), kind);
  if (resource !== expected) throw invalidToken(`This access token was issued for ${resource}, not ${expected}`);
}

function assertAllowed(request: FastifyRequest, principal: Principal | null): void {
  const mode = request.routeOptions.config.auth ?? "user";
  if (mode === "public" && !principal) return;
  if (!principal) throw unauthorized("Authentication required: send a Bearer token or API key", "unauthorized");
  assertCredentialScope(principal, requiredScope(request));
  if (mode === "admin" && principal.user.role !== "admin") throw forbidden("Admin access required", "admin_required");
}

/**
 * Identifies every request's caller and enforces each route's `config.auth`, the scope of API
 * keys and OAuth tokens, and the audience of OAuth tokens.
 */
export const authenticate = fp<{ tokens: SessionTokens }>(async (app: FastifyInstance, { tokens }) => {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request) => {
    if (request.is404 || request.routeOptions.config.auth === "none") return;
    const bearer = bearerToken(request);
    const cookie = bearer === undefined ? request.cookies[SESSION_COOKIE] : undefined;
    if (cookie !== undefined && !SAFE_METHODS.has(request.method)) {
      assertSameOrigin(request, app.config.corsOrigins);
    }
    const principal = await identifyCaller(
      { db: app.db, tokens, operatorToken: app.config.authToken, log: request.log },
      { bearer, cookie },
    );
    // Identities are cached and shared between requests: the origin goes on a copy.
    request.principal = principal && { ...principal, origin: requestOrigin(request, principal.via) };
    assertAudience(request, principal, app.config);
    assertAllowed(request, principal);
  });
});
