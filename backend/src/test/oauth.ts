import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Session } from "./factories.js";

/** A native app's loopback redirect URI, as IDEs register them. */
export const LOOPBACK_CALLBACK = "http://127.0.0.1:33418/callback";

export type Pkce = { verifier: string; challenge: string };

export function pkcePair(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** A request with a form-encoded body, as OAuth clients send token and revocation requests. */
export function formRequest(url: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    method: "POST" as const,
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    payload: new URLSearchParams(params).toString(),
  };
}

/** Registers a client through `/oauth/register`; its registration answer. */
export async function registerClient(
  app: FastifyInstance,
  metadata: Record<string, unknown> = {},
): Promise<{ client_id: string; client_secret?: string }> {
  const response = await app.inject({
    method: "POST",
    url: "/oauth/register",
    payload: {
      client_name: "Test IDE",
      redirect_uris: [LOOPBACK_CALLBACK],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      ...metadata,
    },
  });
  if (response.statusCode !== 201) throw new Error(`register answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

export type AuthorizeParams = {
  clientId: string;
  pkce?: Pkce;
  redirectUri?: string;
  scope?: string;
  state?: string;
  resource?: string;
};

/** `GET /oauth/authorize` with the parameters a well-behaved client sends, overridable one by one. */
export function authorize(app: FastifyInstance, params: AuthorizeParams, extra: Record<string, string> = {}) {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: params.clientId,
    redirect_uri: params.redirectUri ?? LOOPBACK_CALLBACK,
    code_challenge: (params.pkce ?? pkcePair()).challenge,
    code_challenge_method: "S256",
    state: params.state ?? "state-123",
    ...(params.scope === undefined ? {} : { scope: params.scope }),
    ...(params.resource === undefined ? {} : { resource: params.resource }),
    ...extra,
  });
  return app.inject({ method: "GET", url: `/oauth/authorize?${query}` });
}

/** The consent request id the authorize redirect names. */
export function consentRequestId(location: string): string {
  const id = new URL(location).searchParams.get("request");
  if (!id) throw new Error(`no consent request in ${location}`);
  return id;
}

/** Authorizes and approves as `session`; the code from the redirect, and the PKCE pair it is bound to. */
export async function approvedCode(
  app: FastifyInstance,
  session: Session,
  params: AuthorizeParams,
): Promise<{ code: string; pkce: Pkce; redirectTo: URL }> {
  const pkce = params.pkce ?? pkcePair();
  const started = await authorize(app, { ...params, pkce });
  if (started.statusCode !== 302) throw new Error(`authorize answered ${started.statusCode}: ${started.body}`);
  const id = consentRequestId(String(started.headers.location));
  const approved = await app.inject({
    method: "POST",
    url: `/api/v1/oauth/requests/${id}/approve`,
    headers: session.auth,
  });
  if (approved.statusCode !== 200) throw new Error(`approve answered ${approved.statusCode}: ${approved.body}`);
  const redirectTo = new URL(approved.json().redirect_to);
  const code = redirectTo.searchParams.get("code");
  if (!code) throw new Error(`no code in ${redirectTo}`);
  return { code, pkce, redirectTo };
}

export type Tokens = { access_token: string; refresh_token: string; scope: string; expires_in: number };

/** A public client's tokens for `session`, through registration, consent and the code exchange. */
export async function signInClient(
  app: FastifyInstance,
  session: Session,
  options: { scope?: string; clientId?: string } = {},
): Promise<Tokens & { clientId: string }> {
  const clientId = options.clientId ?? (await registerClient(app)).client_id;
  const { code, pkce } = await approvedCode(app, session, { clientId, scope: options.scope });
  const response = await app.inject(
    formRequest("/oauth/token", {
      grant_type: "authorization_code",
      code,
      redirect_uri: LOOPBACK_CALLBACK,
      code_verifier: pkce.verifier,
      client_id: clientId,
    }),
  );
  if (response.statusCode !== 200) throw new Error(`token answered ${response.statusCode}: ${response.body}`);
  return { ...response.json(), clientId };
}
