import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import type { OAuthScope } from "../../db/schema.js";
import { resolveClient, scopesOfClient } from "./clients.service.js";
import { insertAuthorizationRequest } from "./oauth.repository.js";
import type { AuthorizeQuery } from "./oauth.schemas.js";
import { OAuthError } from "./oauth-errors.js";
import { isRegisteredRedirectUri } from "./redirect-uris.js";
import { redirectWith } from "./redirects.js";
import { type OAuthResourceKind, RESOURCE_SCOPES, resourceKind, resourceUrl } from "./resources.js";
import { formatScopes, isSubset, parseScopes } from "./scopes.js";

/** How long a user has to consent, and then the client to trade the code. */
const REQUEST_LIFETIME_MS = 10 * 60 * 1000;

/** A PKCE S256 challenge: the base64url SHA-256 of the verifier, 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** An error the client learns of at its redirect URI, since the URI is known good. */
type RedirectedError = { error: string; description: string };

function checkRequest(
  query: AuthorizeQuery,
  clientScopes: OAuthScope[],
  baseUrl: string,
): RedirectedError | { kind: OAuthResourceKind; scopes: OAuthScope[] } {
  if (query.response_type !== "code") {
    return { error: "unsupported_response_type", description: "response_type must be 'code'" };
  }
  if (!query.code_challenge) {
    return { error: "invalid_request", description: "code_challenge is required (PKCE with S256)" };
  }
  if (query.code_challenge_method !== "S256") {
    return { error: "invalid_request", description: "code_challenge_method must be 'S256'" };
  }
  if (!S256_CHALLENGE.test(query.code_challenge)) {
    return { error: "invalid_request", description: "code_challenge must be 43 base64url characters (S256)" };
  }
  // No resource named: the MCP endpoint, as every IDE so far expects.
  const kind = query.resource === undefined ? "mcp" : resourceKind(baseUrl, query.resource);
  if (kind === null) {
    return {
      error: "invalid_target",
      description: `resource must be '${resourceUrl(baseUrl, "mcp")}' (MCP) or '${resourceUrl(baseUrl, "api")}' (REST API)`,
    };
  }
  const allowed = clientScopes.filter((scope) => RESOURCE_SCOPES[kind].includes(scope));
  if (query.scope === undefined) {
    if (allowed.length === 0) {
      return { error: "invalid_scope", description: "This client registered no scope this resource grants" };
    }
    return { kind, scopes: allowed };
  }
  const scopes = parseScopes(query.scope);
  if (!scopes || scopes.length === 0 || !isSubset(scopes, clientScopes)) {
    return {
      error: "invalid_scope",
      description: `scope must be a space-separated subset of '${formatScopes(clientScopes)}'`,
    };
  }
  if (!isSubset(scopes, allowed)) {
    return {
      error: "invalid_scope",
      description: `scope must be a subset of '${formatScopes(allowed)}' for ${resourceUrl(baseUrl, kind)}; 'write' is granted for the REST API resource (${resourceUrl(baseUrl, "api")}) only`,
    };
  }
  return { kind, scopes };
}

/**
 * Starts an authorization (`GET /oauth/authorize`); returns where to send the browser. An
 * unknown client or unregistered redirect URI is answered here (400), never by redirecting to
 * a URI nobody vouched for; any other problem goes back to the client's redirect URI. A good
 * request waits for the user's consent in the web UI.
 */
export async function startAuthorization(
  db: Db,
  config: Pick<Config, "oauth">,
  baseUrl: string,
  query: AuthorizeQuery,
): Promise<string> {
  if (!query.client_id) throw new OAuthError(400, "invalid_request", "client_id is required");
  const client = await resolveClient(db, config, query.client_id);
  if (!client) throw new OAuthError(400, "invalid_client", "Unknown client_id: register the client first");
  if (!query.redirect_uri) throw new OAuthError(400, "invalid_request", "redirect_uri is required");
  if (!isRegisteredRedirectUri(client.redirectUris, query.redirect_uri)) {
    throw new OAuthError(400, "invalid_request", "redirect_uri is not one this client registered");
  }
  const checked = checkRequest(query, scopesOfClient(client), baseUrl);
  if ("error" in checked) {
    const problem = checked;
    return redirectWith(query.redirect_uri, {
      error: problem.error,
      error_description: problem.description,
      state: query.state,
      iss: baseUrl,
    });
  }
  const { kind, scopes } = checked;
  const resource = resourceUrl(baseUrl, kind);
  const request = await insertAuthorizationRequest(db, {
    clientId: client.id,
    redirectUri: query.redirect_uri,
    scopes,
    resource,
    state: query.state ?? null,
    codeChallenge: query.code_challenge as string,
    expiresAt: new Date(Date.now() + REQUEST_LIFETIME_MS),
  });
  return `${baseUrl}/oauth/consent?request=${request.id}`;
}
