import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../config.js";
import { auditEvents, oauthAuthorizationRequests, oauthClients } from "../../db/schema.js";
import { buildApp } from "../../http/app.js";
import { sha256Hex } from "../../lib/crypto.js";
import { createUserSession, registerAdmin, type Session } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import {
  approvedCode,
  authorize,
  consentRequestId,
  LOOPBACK_CALLBACK,
  pkcePair,
  registerClient,
} from "../../test/oauth.js";

let t: TestContext;
let admin: Session;
let member: Session;
const BASE = "http://localhost:80";

const apps: FastifyInstance[] = [];
async function appWith(overrides: Partial<Config>): Promise<FastifyInstance> {
  const app = await buildApp({ config: { ...t.config, ...overrides }, database: t.database, logger: false });
  apps.push(app);
  return app;
}

const register = (payload: unknown) =>
  t.app.inject({ method: "POST", url: "/oauth/register", payload: payload as object });

beforeAll(async () => {
  t = await createTestContext();
  admin = await registerAdmin(t.app);
  member = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await t?.close();
});

describe("discovery documents", () => {
  it("describe the MCP endpoint as a protected resource at both well-known paths", async () => {
    for (const url of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const response = await t.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(200);
      expect(response.json()).toEqual({
        resource: `${BASE}/mcp`,
        authorization_servers: [BASE],
        scopes_supported: ["read", "expand"],
        bearer_methods_supported: ["header"],
        resource_name: "SpecHub",
      });
    }
  });

  it("describe the authorization server", async () => {
    const response = await t.app.inject({ method: "GET", url: "/.well-known/oauth-authorization-server" });
    expect(response.statusCode).toBe(200);
    const methods = ["none", "client_secret_post", "client_secret_basic"];
    expect(response.json()).toEqual({
      issuer: BASE,
      authorization_endpoint: `${BASE}/oauth/authorize`,
      token_endpoint: `${BASE}/oauth/token`,
      registration_endpoint: `${BASE}/oauth/register`,
      revocation_endpoint: `${BASE}/oauth/revoke`,
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: methods,
      revocation_endpoint_auth_methods_supported: methods,
      scopes_supported: ["read", "expand", "write"],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    });
  });

  it("name PUBLIC_URL when it is set, whatever the request's host", async () => {
    const app = await appWith({ publicUrl: "https://spechub.example.com" });
    const response = await app.inject({
      method: "GET",
      url: "/.well-known/oauth-protected-resource/mcp",
      headers: { host: "internal:8000" },
    });
    expect(response.json()).toMatchObject({
      resource: "https://spechub.example.com/mcp",
      authorization_servers: ["https://spechub.example.com"],
    });
  });

  it("ignore credentials sent along, even bad ones", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/.well-known/oauth-authorization-server",
      headers: { authorization: "Bearer pcp_at_expired" },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe("client registration", () => {
  it("registers a public client without a secret and records it", async () => {
    const response = await register({
      client_name: "Cursor",
      redirect_uris: ["cursor://anysphere.cursor-retrieval/oauth/callback", LOOPBACK_CALLBACK],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      software_id: "ignored-metadata",
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(body).toEqual({
      client_id: expect.stringMatching(/^[\w-]{24}$/),
      client_id_issued_at: expect.any(Number),
      client_secret_expires_at: 0,
      redirect_uris: ["cursor://anysphere.cursor-retrieval/oauth/callback", LOOPBACK_CALLBACK],
      client_name: "Cursor",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      scope: "read expand",
    });
    const [event] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, body.client_id));
    expect(event).toMatchObject({ action: "oauth_client.registered", actorType: "anonymous", actorName: "Cursor" });
  });

  it("gives a confidential client a secret once, stored hashed", async () => {
    const response = await register({ redirect_uris: ["https://app.example.com/cb"], scope: "read" });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ token_endpoint_auth_method: "client_secret_basic", scope: "read" });
    expect(body.client_secret).toMatch(/^[\w-]{43}$/);
    const [row] = await t.database.db.select().from(oauthClients).where(eq(oauthClients.id, body.client_id));
    expect(row?.clientSecretHash).toBe(sha256Hex(body.client_secret));
    expect(JSON.stringify(row)).not.toContain(body.client_secret);
  });

  it.each([
    ["no redirect URI", { redirect_uris: undefined }, "invalid_redirect_uri", "redirect_uris"],
    ["an empty list", { redirect_uris: [] }, "invalid_redirect_uri", "redirect_uris"],
    ["plain http elsewhere", { redirect_uris: ["http://app.example.com/cb"] }, "invalid_redirect_uri", "loopback"],
    ["a fragment", { redirect_uris: ["https://app.example.com/cb#x"] }, "invalid_redirect_uri", "fragment"],
    ["javascript:", { redirect_uris: ["javascript:alert(1)"] }, "invalid_redirect_uri", "javascript:"],
    ["a relative URI", { redirect_uris: ["/callback"] }, "invalid_redirect_uri", "absolute"],
    ["an unknown scope", { scope: "read admin" }, "invalid_client_metadata", "scope"],
    [
      "an unknown auth method",
      { token_endpoint_auth_method: "private_key_jwt" },
      "invalid_client_metadata",
      "token_endpoint_auth_method",
    ],
    ["no authorization code grant", { grant_types: ["refresh_token"] }, "invalid_client_metadata", "grant_types"],
    ["an implicit response type", { response_types: ["token"] }, "invalid_client_metadata", "response_types"],
    ["a logo over http", { logo_uri: "http://app.example.com/logo.png" }, "invalid_client_metadata", "logo_uri"],
  ])("refuses %s with 400 %s", async (_, metadata, error, named) => {
    const response = await register({ redirect_uris: [LOOPBACK_CALLBACK], ...metadata });
    expect(response.statusCode, response.body).toBe(400);
    const body = response.json();
    expect(body).toEqual({ error, error_description: expect.stringContaining(named) });
  });

  it("refuses a body that is not JSON with an OAuth error", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/oauth/register",
      headers: { "content-type": "application/json" },
      payload: "{",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: "invalid_request", error_description: "The body is not valid JSON" });
  });

  it("limits registrations per client address", async () => {
    const app = await appWith({ authRateLimitMax: 1 });
    const attempt = (remoteAddress: string) =>
      app.inject({
        method: "POST",
        url: "/oauth/register",
        payload: { redirect_uris: [LOOPBACK_CALLBACK] },
        remoteAddress,
      });
    for (let i = 0; i < 5; i++) expect((await attempt("198.51.100.7")).statusCode).toBe(201);
    const refused = await attempt("198.51.100.7");
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: "rate_limited" });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await attempt("198.51.100.8")).statusCode).toBe(201);
  });
});

describe("authorization requests", () => {
  let clientId: string;
  beforeAll(async () => {
    clientId = (await registerClient(t.app, { scope: "read expand" })).client_id;
  });

  const expectRedirectError = (location: string, error: string, described: string) => {
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(LOOPBACK_CALLBACK);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      error,
      error_description: expect.stringContaining(described),
      state: "state-123",
      iss: BASE,
    });
  };

  it("answers an unknown client or redirect URI itself, never by redirecting", async () => {
    const cases = [
      [await authorize(t.app, { clientId: "no-such-client" }), "invalid_client"],
      [await authorize(t.app, { clientId: "" }), "invalid_request"],
      [await authorize(t.app, { clientId, redirectUri: "https://evil.example/cb" }), "invalid_request"],
      [await authorize(t.app, { clientId, redirectUri: "http://127.0.0.1:33418/other" }), "invalid_request"],
    ] as const;
    for (const [response, error] of cases) {
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers.location).toBeUndefined();
      expect(response.json()).toMatchObject({ error });
    }
  });

  it("sends other problems to the redirect URI with state and issuer", async () => {
    expectRedirectError(
      String((await authorize(t.app, { clientId }, { response_type: "token" })).headers.location),
      "unsupported_response_type",
      "code",
    );
    expectRedirectError(
      String((await authorize(t.app, { clientId }, { code_challenge: "" })).headers.location),
      "invalid_request",
      "code_challenge",
    );
    expectRedirectError(
      String((await authorize(t.app, { clientId }, { code_challenge_method: "plain" })).headers.location),
      "invalid_request",
      "S256",
    );
    expectRedirectError(
      String((await authorize(t.app, { clientId, scope: "read write" })).headers.location),
      "invalid_scope",
      "read expand",
    );
    expectRedirectError(
      String((await authorize(t.app, { clientId, resource: "https://elsewhere.example/mcp" })).headers.location),
      "invalid_target",
      `${BASE}/mcp`,
    );
  });

  it("keeps a client to the scopes it registered for", async () => {
    const readOnly = (await registerClient(t.app, { scope: "read" })).client_id;
    expectRedirectError(
      String((await authorize(t.app, { clientId: readOnly, scope: "read expand" })).headers.location),
      "invalid_scope",
      "'read'",
    );
  });

  it("stores a good request for ten minutes and sends the browser to the consent page", async () => {
    const pkce = pkcePair();
    // Native apps listen on whatever loopback port is free.
    const redirectUri = "http://127.0.0.1:50123/callback";
    const response = await authorize(t.app, { clientId, pkce, redirectUri, resource: `${BASE}/mcp` });
    expect(response.statusCode, response.body).toBe(302);
    const location = String(response.headers.location);
    expect(location).toMatch(new RegExp(`^${BASE}/oauth/consent\\?request=[0-9a-f-]{36}$`));
    const [row] = await t.database.db
      .select()
      .from(oauthAuthorizationRequests)
      .where(eq(oauthAuthorizationRequests.id, consentRequestId(location)));
    expect(row).toMatchObject({
      clientId,
      redirectUri,
      scopes: ["read", "expand"],
      resource: `${BASE}/mcp`,
      state: "state-123",
      codeChallenge: pkce.challenge,
      userId: null,
      codeHash: null,
    });
    const minutes = ((row?.expiresAt.getTime() ?? 0) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
  });

  it("refuses a parameter given twice", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: `/oauth/authorize?client_id=${clientId}&client_id=${clientId}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("consent", () => {
  let clientId: string;
  beforeAll(async () => {
    clientId = (await registerClient(t.app, { client_name: "Consenting IDE", logo_uri: "https://ide.example/l.png" }))
      .client_id;
  });

  const newRequest = async (scope?: string) =>
    consentRequestId(String((await authorize(t.app, { clientId, scope })).headers.location));
  const consent = (id: string, session: Session | null, action = "") =>
    t.app.inject({
      method: action ? "POST" : "GET",
      url: `/api/v1/oauth/requests/${id}${action}`,
      headers: session?.auth ?? {},
    });

  it("shows the signed-in user what the client asks for", async () => {
    const id = await newRequest("read");
    const response = await consent(id, member);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      id,
      client: {
        id: clientId,
        name: "Consenting IDE",
        uri: null,
        logo_uri: "https://ide.example/l.png",
        kind: "dynamic",
      },
      redirect_uri: LOOPBACK_CALLBACK,
      scopes: ["read"],
      resource: `${BASE}/mcp`,
      expires_at: expect.any(String),
      previously_approved: false,
    });
  });

  it("is answered by signed-in people only, not by API keys or anonymous callers", async () => {
    const id = await newRequest();
    expect((await consent(id, null)).statusCode).toBe(401);
    const key = await t.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: member.auth,
      payload: { name: "k", scopes: ["read", "expand", "write"] },
    });
    const viaKey = { ...member, auth: { authorization: `Bearer ${key.json().raw_key}` } };
    for (const action of ["", "/approve", "/deny"]) {
      const refused = await consent(id, viaKey, action);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe("session_required");
    }
  });

  it("approves once: the code goes to the redirect URI, the grant is recorded", async () => {
    const id = await newRequest();
    const approved = await consent(id, member, "/approve");
    expect(approved.statusCode, approved.body).toBe(200);
    const redirectTo = new URL(approved.json().redirect_to);
    expect(`${redirectTo.origin}${redirectTo.pathname}`).toBe(LOOPBACK_CALLBACK);
    expect(Object.fromEntries(redirectTo.searchParams)).toEqual({
      code: expect.stringMatching(/^[\w-]{43}$/),
      state: "state-123",
      iss: BASE,
    });
    for (const action of ["", "/approve", "/deny"]) {
      const gone = await consent(id, member, action);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().code).toBe("oauth_request_not_found");
    }
    const grants = await t.app.inject({ method: "GET", url: "/api/v1/oauth/grants", headers: member.auth });
    expect(grants.json().items).toContainEqual(
      expect.objectContaining({ client_id: clientId, client_name: "Consenting IDE", scopes: ["read", "expand"] }),
    );
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, "oauth_grant.approved"));
    expect(events.some((event) => event.actorUserId === member.userId)).toBe(true);
    // The same request again finds the user's earlier consent.
    expect((await consent(await newRequest("read"), member)).json().previously_approved).toBe(true);
  });

  it("denies: the client hears access_denied, the request is gone", async () => {
    const id = await newRequest();
    const denied = await consent(id, member, "/deny");
    expect(denied.statusCode, denied.body).toBe(200);
    const redirectTo = new URL(denied.json().redirect_to);
    expect(Object.fromEntries(redirectTo.searchParams)).toEqual({
      error: "access_denied",
      error_description: expect.any(String),
      state: "state-123",
      iss: BASE,
    });
    expect((await consent(id, member)).statusCode).toBe(404);
  });

  it("answers unknown, malformed and expired requests with 404 or 422", async () => {
    expect((await consent("00000000-0000-4000-8000-000000000000", member)).statusCode).toBe(404);
    expect((await consent("not-a-uuid", member)).statusCode).toBe(422);
    const id = await newRequest();
    await t.database.db
      .update(oauthAuthorizationRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthAuthorizationRequests.id, id));
    expect((await consent(id, member, "/approve")).statusCode).toBe(404);
  });

  it("gives each approval its own code", async () => {
    const first = await approvedCode(t.app, member, { clientId });
    const second = await approvedCode(t.app, member, { clientId });
    expect(first.code).not.toBe(second.code);
  });
});
