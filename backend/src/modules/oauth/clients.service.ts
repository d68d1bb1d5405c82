import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import { OAUTH_SCOPES, type OAuthScope } from "../../db/schema.js";
import { randomToken, safeEqual, sha256Hex } from "../../lib/crypto.js";
import { type AnonymousActor, recordAudit } from "../audit/audit.recorder.js";
import { documentUrl, fetchClientMetadataDocument, MetadataDocumentError } from "./client-metadata-document.js";
import { findClient, insertClient, type OAuthClientRow, saveMetadataDocumentClient } from "./oauth.repository.js";
import type { ClientAuthMethod, RegisterClientBody } from "./oauth.schemas.js";
import {
  invalidClient,
  invalidClientMetadata,
  invalidRedirectUri,
  invalidRequest,
  OAuthError,
} from "./oauth-errors.js";
import { redirectUriProblem } from "./redirect-uris.js";
import { MCP_SCOPES } from "./resources.js";
import { formatScopes, parseScopes } from "./scopes.js";

/** A fetched metadata document is trusted this long before it is fetched again. */
const DOCUMENT_CACHE_MS = 24 * 60 * 60 * 1000;

/** Registered clients' ids are random; a metadata-document client's id is its document's URL. */
const isDocumentClientId = (clientId: string) => /^https?:\/\//i.test(clientId);

type RegisteredClient = {
  client_id: string;
  client_id_issued_at: number;
  client_secret?: string;
  client_secret_expires_at: 0;
  redirect_uris: string[];
  client_name?: string;
  client_uri?: string;
  logo_uri?: string;
  token_endpoint_auth_method: ClientAuthMethod;
  grant_types: string[];
  response_types: string[];
  scope: string;
};

/**
 * Dynamic client registration (RFC 7591): open to anyone, as the MCP authorization spec
 * expects of IDEs, since a client gains nothing until a user consents to it. A confidential
 * client's secret is returned here only and stored hashed.
 */
export async function registerClient(
  db: Db,
  body: RegisterClientBody,
  actor: AnonymousActor,
): Promise<RegisteredClient> {
  for (const uri of body.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw invalidRedirectUri(`redirect_uris: ${problem}`);
  }
  // A client that names no scope is an IDE for `/mcp`: `write` must be asked for by name.
  const scopes = body.scope === undefined ? [...MCP_SCOPES] : parseScopes(body.scope);
  if (!scopes || scopes.length === 0) {
    throw invalidClientMetadata(`scope: must be a space-separated subset of '${formatScopes(OAUTH_SCOPES)}'`);
  }
  // RFC 7591 §2: a client that names no method authenticates with a secret over HTTP Basic.
  const method = body.token_endpoint_auth_method ?? "client_secret_basic";
  const grantTypes = body.grant_types ?? ["authorization_code"];
  if (!grantTypes.includes("authorization_code")) {
    throw invalidClientMetadata("grant_types: must include 'authorization_code', the only way to sign in here");
  }
  const secret = method === "none" ? undefined : randomToken(32);
  const metadata = {
    redirect_uris: body.redirect_uris,
    client_name: body.client_name,
    client_uri: body.client_uri,
    logo_uri: body.logo_uri,
    token_endpoint_auth_method: method,
    grant_types: [...new Set(grantTypes)],
    response_types: ["code"],
    scope: formatScopes(scopes),
  };
  const client = await db.transaction(async (tx) => {
    const client = await insertClient(tx, {
      id: randomToken(18),
      kind: "dynamic",
      clientName: body.client_name ?? null,
      clientUri: body.client_uri ?? null,
      logoUri: body.logo_uri ?? null,
      redirectUris: body.redirect_uris,
      tokenEndpointAuthMethod: method,
      clientSecretHash: secret === undefined ? null : sha256Hex(secret),
      metadata,
    });
    await recordAudit(tx, actor, {
      action: "oauth_client.registered",
      target: { type: "oauth_client", id: client.id, name: client.clientName },
      after: { ...metadata, auth_method: method },
    });
    return client;
  });
  return {
    ...metadata,
    client_id: client.id,
    client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
    ...(secret === undefined ? {} : { client_secret: secret }),
    client_secret_expires_at: 0,
  };
}

/**
 * The scopes a client may ask for: those its metadata names, or all of them when it names none
 * of ours (a metadata document is written for many servers, and may name their scopes instead).
 * The resource asked for narrows them further (`write` only for the REST API).
 */
export function scopesOfClient(client: OAuthClientRow): OAuthScope[] {
  const declared = client.metadata.scope;
  const scopes = typeof declared === "string" ? parseScopes(declared) : null;
  return scopes && scopes.length > 0 ? scopes : [...OAUTH_SCOPES];
}

/**
 * The client with this id: a registered one, or a metadata-document client, whose document is
 * fetched when first seen and again once a day. Null for an unknown id; a document that cannot
 * be fetched or does not check out is an `invalid_client` error saying why.
 */
export async function resolveClient(
  db: Db,
  config: Pick<Config, "oauth">,
  clientId: string,
): Promise<OAuthClientRow | null> {
  if (!isDocumentClientId(clientId)) return findClient(db, clientId);
  const allowPrivate = config.oauth.clientMetadataAllowPrivate;
  try {
    documentUrl(clientId, allowPrivate);
    const cached = await findClient(db, clientId);
    if (cached?.fetchedAt && Date.now() - cached.fetchedAt.getTime() < DOCUMENT_CACHE_MS) return cached;
    const document = await fetchClientMetadataDocument(clientId, { allowPrivate });
    return await saveMetadataDocumentClient(db, {
      id: clientId,
      kind: "metadata_document",
      clientName: document.client_name ?? null,
      clientUri: document.client_uri ?? null,
      logoUri: document.logo_uri ?? null,
      redirectUris: document.redirect_uris,
      tokenEndpointAuthMethod: "none",
      clientSecretHash: null,
      metadata: document,
      fetchedAt: new Date(),
    });
  } catch (error) {
    if (error instanceof MetadataDocumentError) {
      throw new OAuthError(
        400,
        "invalid_client",
        `The client metadata document at ${clientId} is refused: ${error.message}`,
      );
    }
    throw error;
  }
}

/** What a token or revocation request presents to identify its client. */
export type ClientCredentials = { clientId?: string; clientSecret?: string; authorization?: string };

/** `Authorization: Basic` credentials, form-decoded as RFC 6749 §2.3.1 asks. */
function basicCredentials(header: string): { clientId: string; clientSecret: string } {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  const decoded = match?.[1] ? Buffer.from(match[1], "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidClient("The Authorization header must be 'Basic base64(client_id:client_secret)'", true);
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, " "));
    } catch {
      throw invalidClient("The Basic credentials are not form-encoded", true);
    }
  };
  return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
}

/**
 * The client making a token or revocation request, authenticated as it registered: public
 * clients by their id alone (their codes are bound by PKCE), confidential ones by their secret,
 * in the body or over HTTP Basic. Anything else is `invalid_client` (401).
 */
export async function authenticateClient(
  db: Db,
  config: Pick<Config, "oauth">,
  credentials: ClientCredentials,
): Promise<OAuthClientRow> {
  let { clientId, clientSecret } = credentials;
  const triedBasic = credentials.authorization !== undefined;
  if (credentials.authorization !== undefined) {
    if (clientSecret !== undefined) throw invalidRequest("Send the client secret in one place: header or body");
    const basic = basicCredentials(credentials.authorization);
    if (clientId !== undefined && clientId !== basic.clientId) {
      throw invalidRequest("client_id in the body differs from the one in the Authorization header");
    }
    ({ clientId, clientSecret } = basic);
  }
  if (!clientId) throw invalidClient("client_id is required", triedBasic);
  const client = await resolveClient(db, config, clientId);
  if (!client) throw invalidClient("Unknown client", triedBasic);
  if (client.tokenEndpointAuthMethod === "none") {
    if (clientSecret !== undefined) throw invalidClient("This is a public client: it has no secret", triedBasic);
    return client;
  }
  if (!clientSecret || !client.clientSecretHash || !safeEqual(sha256Hex(clientSecret), client.clientSecretHash)) {
    throw invalidClient("Client authentication failed", triedBasic);
  }
  return client;
}
