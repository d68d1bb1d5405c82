import type { OAuthScope } from "../../db/schema.js";
import { mcpResourceUrl } from "../../http/public-url.js";

/**
 * The protected resources (RFC 8707) SpecHub issues access tokens for, each with the scopes it
 * may be granted. A token is bound to one of them and refused at the other:
 * - `mcp`: the MCP endpoint, for IDEs; reading and expanding only, never `write`.
 * - `api`: the REST API (`/api/v1/*` except `/api/v1/oauth/*`), for the command line, which
 *   pushes prompts and so may be granted `write`. It can never answer a consent request, so a
 *   token cannot connect further apps in its user's name.
 */
export type OAuthResourceKind = "mcp" | "api";

export const RESOURCE_SCOPES: Record<OAuthResourceKind, readonly OAuthScope[]> = {
  mcp: ["read", "expand"],
  api: ["read", "expand", "write"],
};

/** The MCP endpoint's scopes, what an IDE asks for by default. */
export const MCP_SCOPES = RESOURCE_SCOPES.mcp;

/** The REST API's resource identifier: tokens bound to it work on `/api/v1/*`. */
export const apiResourceUrl = (baseUrl: string) => `${baseUrl}/api`;

export function resourceUrl(baseUrl: string, kind: OAuthResourceKind): string {
  return kind === "mcp" ? mcpResourceUrl(baseUrl) : apiResourceUrl(baseUrl);
}

/** Which of this server's resources `resource` names (at `baseUrl`), or null for anything else. */
export function resourceKind(baseUrl: string, resource: string): OAuthResourceKind | null {
  if (resource === mcpResourceUrl(baseUrl)) return "mcp";
  if (resource === apiResourceUrl(baseUrl)) return "api";
  return null;
}

/**
 * The issuer a request's client talked to: its resource was checked to be `<issuer>/mcp` or
 * `<issuer>/api` when the request was made, and the answer must name the same issuer (RFC 9207),
 * whichever address the consent page was reached at.
 */
export const issuerOfResource = (resource: string) => resource.replace(/\/(mcp|api)$/, "");

/** Whether a route (its Fastify pattern) belongs to the REST API resource: `/api/v1/*` but not the consent routes. */
export function isApiResourceRoute(routeUrl: string): boolean {
  return routeUrl.startsWith("/api/v1/") && !routeUrl.startsWith("/api/v1/oauth/") && routeUrl !== "/api/v1/oauth";
}
