import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession, registerAdmin, type Session } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import {
  approvedCode,
  authorize,
  consentRequestId,
  formRequest,
  LOOPBACK_CALLBACK,
  registerClient,
  type Tokens,
} from "../../test/oauth.js";

// The REST API as an OAuth resource (`<base>/api`), for the command line: it may be granted
// `write`, works on /api/v1/* except the consent routes, and is refused on /mcp.

let t: TestContext;
let admin: Session;
let member: Session;
const BASE = "http://localhost:80";
const API = `${BASE}/api`;

beforeAll(async () => {
  t = await createTestContext();
  admin = await registerAdmin(t.app);
  member = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
});
afterAll(async () => t?.close());

const cliClient = async (scope = "read expand write") =>
  (await registerClient(t.app, { client_name: "SpecHub CLI", redirect_uris: ["http://127.0.0.1/callback"], scope }))
    .client_id;

/** Tokens for `session` through consent and the code exchange, for `resource`. */
async function signIn(session: Session, options: { clientId: string; scope?: string; resource?: string }) {
  const redirectUri = "http://127.0.0.1:49152/callback";
  const { code, pkce } = await approvedCode(t.app, session, { ...options, redirectUri });
  const response = await t.app.inject(
    formRequest("/oauth/token", {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
      client_id: options.clientId,
    }),
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Tokens;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const redirectError = (location: string) => {
  const url = new URL(location);
  return { error: url.searchParams.get("error"), description: url.searchParams.get("error_description") ?? "" };
};

describe("the REST API as a protected resource", () => {
  it("is described at its own well-known path, with the write scope", async () => {
    const response = await t.app.inject({ method: "GET", url: "/.well-known/oauth-protected-resource/api" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      resource: API,
      authorization_servers: [BASE],
      scopes_supported: ["read", "expand", "write"],
      bearer_methods_supported: ["header"],
      resource_name: "SpecHub REST API",
    });
    const mcp = await t.app.inject({ method: "GET", url: "/.well-known/oauth-protected-resource/mcp" });
    expect(mcp.json().scopes_supported).toEqual(["read", "expand"]);
  });

  it("lets a client register for write, but a client naming no scope gets read and expand", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/oauth/register",
      payload: { redirect_uris: [LOOPBACK_CALLBACK], token_endpoint_auth_method: "none", scope: "read expand write" },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().scope).toBe("read expand write");
    const ide = await t.app.inject({
      method: "POST",
      url: "/oauth/register",
      payload: { redirect_uris: [LOOPBACK_CALLBACK], token_endpoint_auth_method: "none" },
    });
    expect(ide.json().scope).toBe("read expand");
  });

  it("refuses write for the MCP resource with invalid_scope, named or by default", async () => {
    const clientId = await cliClient();
    for (const resource of [undefined, `${BASE}/mcp`]) {
      const started = await authorize(t.app, {
        clientId,
        scope: "read write",
        resource,
        redirectUri: "http://127.0.0.1:5000/callback",
      });
      expect(started.statusCode).toBe(302);
      const { error, description } = redirectError(String(started.headers.location));
      expect(error).toBe("invalid_scope");
      expect(description).toContain(API);
    }
    // No scope named: the MCP resource grants what it can of the client's scopes.
    const started = await authorize(t.app, { clientId, redirectUri: "http://127.0.0.1:5000/callback" });
    const id = consentRequestId(String(started.headers.location));
    const consent = await t.app.inject({ method: "GET", url: `/api/v1/oauth/requests/${id}`, headers: member.auth });
    expect(consent.json()).toMatchObject({ scopes: ["read", "expand"], resource: `${BASE}/mcp` });
  });

  it("refuses a resource that is neither, naming both", async () => {
    const clientId = await cliClient();
    const started = await authorize(t.app, { clientId, resource: `${BASE}/api/v1` });
    const { error, description } = redirectError(String(started.headers.location));
    expect(error).toBe("invalid_target");
    expect(description).toContain(`${BASE}/mcp`);
    expect(description).toContain(API);
  });

  it("asks consent for the API resource with every scope the client registered", async () => {
    const clientId = await cliClient();
    const started = await authorize(t.app, { clientId, resource: API, redirectUri: "http://127.0.0.1:5001/callback" });
    const id = consentRequestId(String(started.headers.location));
    const consent = await t.app.inject({ method: "GET", url: `/api/v1/oauth/requests/${id}`, headers: member.auth });
    expect(consent.statusCode).toBe(200);
    expect(consent.json()).toMatchObject({ scopes: ["read", "expand", "write"], resource: API });
  });

  it("issues tokens good on the REST API, writes included, and nowhere else", async () => {
    const clientId = await cliClient();
    const tokens = await signIn(member, { clientId, resource: API });
    expect(tokens.scope).toBe("read expand write");
    const me = await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: bearer(tokens.access_token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(member.userId);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/prompts",
      headers: bearer(tokens.access_token),
      payload: { name: `cli-made-${Date.now()}`, version: { version: "1", user_template: "Hi" } },
    });
    expect(created.statusCode, created.body).toBe(201);

    const mcp = await t.app.inject({
      method: "POST",
      url: "/mcp",
      headers: { ...bearer(tokens.access_token), accept: "application/json, text/event-stream" },
      payload: { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} },
    });
    expect(mcp.statusCode).toBe(401);

    // The consent routes are outside the resource: a token never connects more apps.
    const otherClient = await cliClient();
    const pending = await authorize(t.app, { clientId: otherClient, resource: API });
    const id = consentRequestId(String(pending.headers.location));
    for (const [method, url] of [
      ["GET", `/api/v1/oauth/requests/${id}`],
      ["POST", `/api/v1/oauth/requests/${id}/approve`],
      ["GET", "/api/v1/oauth/grants"],
    ] as const) {
      const response = await t.app.inject({ method, url, headers: bearer(tokens.access_token) });
      expect(response.statusCode, url).toBe(401);
      expect(response.json()).toEqual({
        detail: `This access token was issued for ${API} and is good there only`,
        code: "invalid_token",
      });
    }
  });

  it("keeps a token to the scopes granted: read only cannot write", async () => {
    const clientId = await cliClient();
    const tokens = await signIn(member, { clientId, resource: API, scope: "read" });
    const read = await t.app.inject({ method: "GET", url: "/api/v1/prompts", headers: bearer(tokens.access_token) });
    expect(read.statusCode).toBe(200);
    const write = await t.app.inject({
      method: "POST",
      url: "/api/v1/prompts",
      headers: bearer(tokens.access_token),
      payload: { name: `refused-${Date.now()}`, version: { version: "1", user_template: "Hi" } },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe("insufficient_scope");
  });

  it("keeps the resource through refresh rotation", async () => {
    const clientId = await cliClient();
    const tokens = await signIn(member, { clientId, resource: API });
    const refreshed = await t.app.inject(
      formRequest("/oauth/token", {
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: clientId,
      }),
    );
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    const next = refreshed.json() as Tokens;
    expect(next.scope).toBe("read expand write");
    const me = await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: bearer(next.access_token) });
    expect(me.statusCode).toBe(200);
    const asMcp = await t.app.inject(
      formRequest("/oauth/token", {
        grant_type: "refresh_token",
        refresh_token: next.refresh_token,
        client_id: clientId,
        resource: `${BASE}/mcp`,
      }),
    );
    expect(asMcp.statusCode).toBe(400);
    expect(asMcp.json().error).toBe("invalid_target");
  });
});
