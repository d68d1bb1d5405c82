import { OAUTH_SCOPES } from "../../db/schema.js";
import { CLIENT_AUTH_METHODS, GRANT_TYPES } from "./oauth.schemas.js";
import { type OAuthResourceKind, RESOURCE_SCOPES, resourceUrl } from "./resources.js";
import { formatScopes } from "./scopes.js";

/** Where IDEs learn how to sign in to `/mcp` (RFC 9728); named in every `/mcp` 401. */
export const protectedResourceMetadataUrl = (baseUrl: string) => `${baseUrl}/.well-known/oauth-protected-resource/mcp`;

/** RFC 9728: the MCP endpoint or the REST API, and SpecHub itself as their authorization server. */
export function protectedResourceMetadata(baseUrl: string, kind: OAuthResourceKind = "mcp") {
  return {
    resource: resourceUrl(baseUrl, kind),
    authorization_servers: [baseUrl],
    scopes_supported: [...RESOURCE_SCOPES[kind]],
    bearer_methods_supported: ["header"],
    resource_name: kind === "mcp" ? "SpecHub" : "SpecHub REST API",
  };
}

/**
 * RFC 8414, with the MCP authorization spec's client ID metadata document support. `write` is
 * listed, but granted only for the REST API resource (`<issuer>/api`).
 */
export function authorizationServerMetadata(baseUrl: string) {
  return {
    issuer: baseUrl,
    authorization_endpoint: `${baseUrl}/oauth/authorize`,
    token_endpoint: `${baseUrl}/oauth/token`,
    registration_endpoint: `${baseUrl}/oauth/register`,
    revocation_endpoint: `${baseUrl}/oauth/revoke`,
    response_types_supported: ["code"],
    grant_types_supported: [...GRANT_TYPES],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    scopes_supported: [...OAUTH_SCOPES],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };
}

/**
 * The `WWW-Authenticate` value of a `/mcp` 401 or 403 (RFC 6750 §3, RFC 9728 §5.1): where to
 * find the resource metadata and which scope to ask for, with the error when there is one.
 */
export function mcpChallenge(
  baseUrl: string,
  options: { error?: "invalid_token" | "insufficient_scope"; scope?: string } = {},
): string {
  const parts = [
    ...(options.error ? [`error="${options.error}"`] : []),
    `resource_metadata="${protectedResourceMetadataUrl(baseUrl)}"`,
    `scope="${options.scope ?? formatScopes(RESOURCE_SCOPES.mcp)}"`,
  ];
  return `Bearer ${parts.join(", ")}`;
}
