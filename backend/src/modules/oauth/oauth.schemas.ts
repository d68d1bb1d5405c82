import { z } from "zod";
import { OAUTH_CLIENT_KINDS, OAUTH_SCOPES } from "../../db/schema.js";
import { nullableTimestamp, timestamp, toIso, toIsoOrNull, uuidParam } from "../../http/schemas.js";
import type { ConsentRequest, GrantListing } from "./consent.service.js";

/** How a client proves itself at the token endpoint: `none` is a public client (PKCE only). */
export const CLIENT_AUTH_METHODS = ["none", "client_secret_post", "client_secret_basic"] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];
export const GRANT_TYPES = ["authorization_code", "refresh_token"] as const;

/** RFC 6749 error bodies: what every `/oauth/*` endpoint answers on failure. */
export const oauthErrorResponse = z
  .object({ error: z.string(), error_description: z.string() })
  .describe("OAuth error (RFC 6749 §5.2): `error` is a code such as `invalid_grant`");

export const protectedResourceMetadata = z
  .object({
    resource: z.string(),
    authorization_servers: z.array(z.string()),
    scopes_supported: z.array(z.string()),
    bearer_methods_supported: z.array(z.string()),
    resource_name: z.string(),
  })
  .describe("OAuth 2.0 Protected Resource Metadata (RFC 9728) of the MCP endpoint");

export const authorizationServerMetadata = z
  .object({
    issuer: z.string(),
    authorization_endpoint: z.string(),
    token_endpoint: z.string(),
    registration_endpoint: z.string(),
    revocation_endpoint: z.string(),
    response_types_supported: z.array(z.string()),
    grant_types_supported: z.array(z.string()),
    code_challenge_methods_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    revocation_endpoint_auth_methods_supported: z.array(z.string()),
    scopes_supported: z.array(z.string()),
    client_id_metadata_document_supported: z.boolean(),
    authorization_response_iss_parameter_supported: z.boolean(),
  })
  .describe("OAuth 2.0 Authorization Server Metadata (RFC 8414)");

const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https:// URL" }).max(2000);

/** RFC 7591 client metadata; fields this server does not use are ignored. */
export const registerClientBody = z.object({
  redirect_uris: z
    .array(z.string().max(2000))
    .min(1)
    .max(10)
    .describe("`https://…`, loopback `http://127.0.0.1…`/`http://localhost…`, or a private-use scheme (`cursor://…`)"),
  client_name: z.string().trim().min(1).max(200).optional(),
  client_uri: httpsUrl.optional(),
  logo_uri: httpsUrl.optional(),
  token_endpoint_auth_method: z
    .enum(CLIENT_AUTH_METHODS)
    .optional()
    .describe("Defaults to `client_secret_basic` (RFC 7591); IDEs register as public clients with `none`"),
  grant_types: z.array(z.enum(GRANT_TYPES)).min(1).max(2).optional(),
  response_types: z.array(z.literal("code")).min(1).max(1).optional(),
  scope: z
    .string()
    .max(200)
    .optional()
    .describe(
      "Space-separated subset of `read expand write`; omitted = `read expand` (`write` is for the REST API only)",
    ),
});
export type RegisterClientBody = z.infer<typeof registerClientBody>;

export const registeredClientResponse = z.object({
  client_id: z.string(),
  client_id_issued_at: z.number().int(),
  client_secret: z.string().optional().describe("Only for confidential clients, and only in this response"),
  client_secret_expires_at: z.literal(0),
  redirect_uris: z.array(z.string()),
  client_name: z.string().optional(),
  client_uri: z.string().optional(),
  logo_uri: z.string().optional(),
  token_endpoint_auth_method: z.enum(CLIENT_AUTH_METHODS),
  grant_types: z.array(z.string()),
  response_types: z.array(z.string()),
  scope: z.string(),
});

const param = z.string().max(4000).optional();

/** Parameters are checked by the endpoint itself: which one is wrong decides where the error goes. */
export const authorizeQuery = z.object({
  response_type: param.describe("`code`"),
  client_id: param.describe("A registered client id, or the https URL of a client metadata document"),
  redirect_uri: param,
  code_challenge: param.describe("PKCE: base64url SHA-256 of the code verifier"),
  code_challenge_method: param.describe("`S256`"),
  scope: param.describe(
    "Space-separated subset of the client's scopes; omitted = all of them the resource grants. `write` only with the REST API resource",
  ),
  state: param,
  resource: param.describe(
    "RFC 8707 resource indicator: this server's `/mcp` URL (the default; IDEs) or its `/api` URL (the REST API; the command line)",
  ),
});
export type AuthorizeQuery = z.infer<typeof authorizeQuery>;

export const tokenBody = z.object({
  grant_type: param.describe("`authorization_code` or `refresh_token`"),
  code: param,
  redirect_uri: param,
  code_verifier: param,
  refresh_token: param,
  client_id: param,
  client_secret: param,
  scope: param,
  resource: param,
});
export type TokenBody = z.infer<typeof tokenBody>;

export const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  refresh_token: z.string(),
  scope: z.string(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export const revokeBody = z.object({
  token: param,
  token_type_hint: param.describe("`access_token` or `refresh_token`"),
  client_id: param,
  client_secret: param,
});
export type RevokeBody = z.infer<typeof revokeBody>;

export const requestIdParams = uuidParam("id");
export const grantIdParams = uuidParam("id");

export const consentRequestResponse = z.object({
  id: z.string(),
  client: z.object({
    id: z.string(),
    name: z.string().nullable(),
    uri: z.string().nullable(),
    logo_uri: z.string().nullable(),
    kind: z.enum(OAUTH_CLIENT_KINDS).describe("`metadata_document`: the id is the URL its metadata was fetched from"),
  }),
  redirect_uri: z.string(),
  scopes: z.array(z.enum(OAUTH_SCOPES)),
  resource: z.string(),
  expires_at: timestamp,
  previously_approved: z.boolean().describe("The caller already granted this client these scopes"),
});

export const decisionResponse = z.object({
  redirect_to: z.string().describe("Where to send the browser: the client's redirect URI with the answer"),
});

export const grantResponse = z.object({
  id: z.string(),
  client_id: z.string(),
  client_name: z.string().nullable(),
  client_uri: z.string().nullable(),
  logo_uri: z.string().nullable(),
  scopes: z.array(z.enum(OAUTH_SCOPES)),
  created_at: timestamp,
  last_used_at: nullableTimestamp,
});
export const grantListResponse = z.object({ items: z.array(grantResponse) });

export function toConsentRequestResponse(request: ConsentRequest): z.infer<typeof consentRequestResponse> {
  return {
    id: request.id,
    client: {
      id: request.client.id,
      name: request.client.clientName,
      uri: request.client.clientUri,
      logo_uri: request.client.logoUri,
      kind: request.client.kind,
    },
    redirect_uri: request.redirectUri,
    scopes: request.scopes,
    resource: request.resource,
    expires_at: toIso(request.expiresAt),
    previously_approved: request.previouslyApproved,
  };
}

export function toGrantResponse(grant: GrantListing): z.infer<typeof grantResponse> {
  return {
    id: grant.id,
    client_id: grant.clientId,
    client_name: grant.clientName,
    client_uri: grant.clientUri,
    logo_uri: grant.logoUri,
    scopes: grant.scopes,
    created_at: toIso(grant.createdAt),
    last_used_at: toIsoOrNull(grant.lastUsedAt),
  };
}
