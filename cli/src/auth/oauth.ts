import { CliError } from "../output.js";
import { VERSION } from "../version.js";

/** What the CLI needs from the server's OAuth metadata (RFC 8414 and RFC 9728). */
export type OAuthServer = {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  registrationEndpoint: string;
  revocationEndpoint: string | null;
  /** The REST API's resource identifier, which the CLI's tokens are bound to (RFC 8707). */
  resource: string;
  /** The scopes to ask for: everything the REST API resource grants (`read expand write`). */
  scopes: string[];
};

export type TokenSet = { accessToken: string; refreshToken: string; expiresAt: number };

const userAgent = { "user-agent": `spechub-cli/${VERSION}` };

const useApiKeyInstead = (url: string, why: string) =>
  new CliError(
    `${url} ${why}: sign in with an API key instead: \`spechub login ${url} --api-key <key>\` (create one in the web UI under your profile's API keys)`,
  );

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { ...userAgent, accept: "application/json" } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CliError(`Cannot reach the SpecHub server (${cause})`);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: response.status, body: null };
  }
}

/**
 * The server's authorization server and REST API resource metadata. A server that has neither
 * (an older SpecHub, or one that answers 404) cannot sign the CLI in through the browser.
 */
export async function discoverOAuth(url: string): Promise<OAuthServer> {
  const [server, api] = await Promise.all([
    getJson(`${url}/.well-known/oauth-authorization-server`),
    getJson(`${url}/.well-known/oauth-protected-resource/api`),
  ]);
  if (server.status === 404 || api.status === 404) {
    throw useApiKeyInstead(url, "does not offer browser sign-in for the command line");
  }
  const metadata = server.body as Record<string, unknown> | null;
  const resource = api.body as Record<string, unknown> | null;
  if (
    server.status !== 200 ||
    api.status !== 200 ||
    typeof metadata?.authorization_endpoint !== "string" ||
    typeof metadata.token_endpoint !== "string" ||
    typeof resource?.resource !== "string"
  ) {
    throw new CliError(`${url} answered its OAuth metadata with HTTP ${server.status}/${api.status}: is it SpecHub?`);
  }
  if (typeof metadata.registration_endpoint !== "string") {
    throw useApiKeyInstead(url, "does not let the command line register for browser sign-in");
  }
  return {
    issuer: String(metadata.issuer ?? url),
    authorizationEndpoint: metadata.authorization_endpoint,
    tokenEndpoint: metadata.token_endpoint,
    registrationEndpoint: metadata.registration_endpoint,
    revocationEndpoint: typeof metadata.revocation_endpoint === "string" ? metadata.revocation_endpoint : null,
    resource: resource.resource,
    scopes: Array.isArray(resource.scopes_supported) ? resource.scopes_supported.map(String) : ["read", "expand"],
  };
}

/** The OAuth error an endpoint answered, as one line. */
function oauthProblem(status: number, body: unknown): string {
  const error = body as { error?: unknown; error_description?: unknown } | null;
  if (typeof error?.error === "string") {
    return typeof error.error_description === "string" ? `${error.error}: ${error.error_description}` : error.error;
  }
  return `HTTP ${status}`;
}

async function postForm(endpoint: string, params: Record<string, string>) {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: { ...userAgent, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(params).toString(),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CliError(`Cannot reach the SpecHub server (${cause})`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: response.status, body };
}

/**
 * Registers the CLI as a public client (RFC 7591): no secret, PKCE only, and a loopback redirect
 * URI without a port, which the server matches on any port (RFC 8252 §7.3).
 */
export async function registerCliClient(server: OAuthServer, redirectUri: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(server.registrationEndpoint, {
      method: "POST",
      headers: { ...userAgent, "content-type": "application/json" },
      body: JSON.stringify({
        client_name: "SpecHub CLI",
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        scope: server.scopes.join(" "),
      }),
    });
  } catch (error) {
    throw new CliError(`Cannot reach the SpecHub server (${(error as Error).message})`);
  }
  const body = (await response.json().catch(() => null)) as { client_id?: unknown } | null;
  if (response.status !== 201 || typeof body?.client_id !== "string") {
    throw new CliError(`The server refused to register the command line: ${oauthProblem(response.status, body)}`);
  }
  return body.client_id;
}

/**
 * Whether the server still knows this client and its loopback redirect (a reset server forgets
 * registrations). Asked with a response type the server refuses by redirecting, so no
 * authorization request is stored; an unknown client is answered 400 instead.
 */
export async function isClientKnown(server: OAuthServer, clientId: string, redirectUri: string): Promise<boolean> {
  const probe = new URL(server.authorizationEndpoint);
  probe.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "none",
  }).toString();
  try {
    const response = await fetch(probe, { redirect: "manual", headers: userAgent });
    return response.status !== 400 && response.status !== 401;
  } catch (error) {
    throw new CliError(`Cannot reach the SpecHub server (${(error as Error).message})`);
  }
}

function tokenSet(body: unknown): TokenSet {
  const tokens = body as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
  if (typeof tokens.access_token !== "string" || typeof tokens.refresh_token !== "string") {
    throw new CliError("The server's token answer has no access and refresh token");
  }
  const lifetime = typeof tokens.expires_in === "number" ? tokens.expires_in : 3600;
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: Date.now() + lifetime * 1000,
  };
}

/** Trades the authorization code (with its PKCE verifier) for tokens. */
export async function exchangeCode(
  server: OAuthServer,
  params: { clientId: string; code: string; redirectUri: string; verifier: string },
): Promise<TokenSet> {
  const { status, body } = await postForm(server.tokenEndpoint, {
    grant_type: "authorization_code",
    code: params.code,
    redirect_uri: params.redirectUri,
    code_verifier: params.verifier,
    client_id: params.clientId,
    resource: server.resource,
  });
  if (status !== 200) throw new CliError(`Sign-in failed: ${oauthProblem(status, body)}`);
  return tokenSet(body);
}

/** A sign-in that can no longer be refreshed: the user has to sign in again. */
export class SignInEnded extends CliError {}

/**
 * Trades the refresh token for a new pair. Refresh tokens rotate: the old one is spent, so the
 * caller must store the new pair before anything else can fail.
 */
export async function refreshTokens(server: OAuthServer, clientId: string, refreshToken: string): Promise<TokenSet> {
  const { status, body } = await postForm(server.tokenEndpoint, {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    client_id: clientId,
    resource: server.resource,
  });
  if (status === 400 || status === 401) {
    throw new SignInEnded(`Your sign-in ended (${oauthProblem(status, body)}): run \`spechub login\` again`);
  }
  if (status !== 200) throw new CliError(`Refreshing the sign-in failed: ${oauthProblem(status, body)}`);
  return tokenSet(body);
}

/** Revokes a token (RFC 7009); a refresh token takes the sign-in's access tokens with it. */
export async function revokeToken(server: OAuthServer, clientId: string, token: string): Promise<void> {
  if (!server.revocationEndpoint) return;
  const { status, body } = await postForm(server.revocationEndpoint, {
    token,
    token_type_hint: "refresh_token",
    client_id: clientId,
  });
  if (status !== 200) throw new CliError(`The server did not revoke the sign-in: ${oauthProblem(status, body)}`);
}
