import { OAUTH_SCOPES } from "../../db/schema.js";
import { mcpResourceUrl } from "../../http/public-url.js";
import { CLIENT_AUTH_METHODS, GRANT_TYPES } from "./oauth.schemas.js";
import { formatScopes } from "./scopes.js";

/** Where IDEs learn how to sign in to `/mcp` (RFC 9728); named in every `/mcp` 401. */
export const protectedResourceMetadataUrl = (baseUrl: string) => `${baseUrl}/.well-known/oauth-protected-resource/mcp`;

/**
 * The issuer a request's client talked to: its resource was checked to be `<issuer>/mcp` when
 * the request was made, and the answer must name the same issuer (RFC 9207), whichever address
 * the consent page was reached at.
 */
export const issuerOfResource = (resource: string) => resource.replace(/\/mcp$/, "");

/** RFC 9728: the MCP endpoint, and SpecHub itself as its authorization server. */
export function protectedResourceMetadata(baseUrl: string) {
  return {
    resource: mcpResourceUrl(baseUrl),
    authorization_servers: [baseUrl],
    scopes_supported: [...OAUTH_SCOPES],
    bearer_methods_supported: ["header"],
    resource_name: "SpecHub",
  };
}

/** RFC 8414, with the MCP authorization spec's client ID metadata document support. */
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
    `scope="${options.scope ?? formatScopes(OAUTH_SCOPES)}"`,
  ];
  return `Bearer ${parts.join(", ")}`;
}
