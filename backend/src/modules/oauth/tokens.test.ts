import { eq, inArray } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { readCacheStats } from "../../db/read-cache.js";
import { auditEvents, oauthAuthorizationRequests, oauthGrants, oauthTokens } from "../../db/schema.js";
import { buildApp } from "../../http/app.js";
import { sha256Hex } from "../../lib/crypto.js";
import { createUserSession, registerAdmin, type Session } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import {
  approvedCode,
  formRequest,
  LOOPBACK_CALLBACK,
  registerClient,
  signInClient,
  type Tokens,
} from "../../test/oauth.js";
import { pruneOAuth } from "./pruning.js";

let t: TestContext;
let db: Db;
let admin: Session;
let member: Session;
const BASE = "http://localhost:80";

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
  member = await createUserSession(t.app, db, { teamId: admin.teamId });
  await t.app.inject({
    method: "POST",
    url: "/api/v1/prompts",
    headers: admin.auth,
    payload: { name: "greet", visibility: "org", version: { version: "1", user_template: "Hello {{ input }}" } },
  });
});
afterAll(async () => t?.close());

const token = (params: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.inject(formRequest("/oauth/token", params, headers));
const revoke = (params: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.inject(formRequest("/oauth/revoke", params, headers));

/** A JSON-RPC message to /mcp with a bearer token, through `app` (the test app by default). */
function mcp(bearer: string, message: object, app: FastifyInstance = t.app) {
  return app.inject({
    method: "POST",
    url: "/mcp",
    headers: { authorization: `Bearer ${bearer}`, accept: "application/json, text/event-stream" },
    payload: { jsonrpc: "2.0", id: 1, ...message },
  });
}
const listTools = (bearer: string, app?: FastifyInstance) => mcp(bearer, { method: "tools/list", params: {} }, app);
const runGreet = (bearer: string) =>
  mcp(bearer, { method: "tools/call", params: { name: "sh-run", arguments: { name: "greet", input: "Ada" } } });

const expectOAuthError = (response: { statusCode: number; json(): unknown }, status: number, error: string) => {
  expect(response.statusCode).toBe(status);
  expect(response.json()).toEqual({ error, error_description: expect.any(String) });
};

const refreshWith = (tokens: Tokens & { clientId: string }, extra: Record<string, string> = {}) =>
  token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: tokens.clientId, ...extra });

describe("the authorization code grant", () => {
  it("trades a code for opaque tokens, stored hashed and never cached by the client", async () => {
    const clientId = (await registerClient(t.app)).client_id;
    const { code, pkce } = await approvedCode(t.app, member, { clientId, scope: "read expand" });
    const response = await token({
      grant_type: "authorization_code",
      code,
      redirect_uri: LOOPBACK_CALLBACK,
      code_verifier: pkce.verifier,
      client_id: clientId,
      resource: `${BASE}/mcp`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^pcp_at_[\w-]{43}$/),
      token_type: "Bearer",
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^pcp_rt_[\w-]{43}$/),
      scope: "read expand",
    });
    const stored = await db
      .select()
      .from(oauthTokens)
      .where(inArray(oauthTokens.tokenHash, [sha256Hex(body.access_token), sha256Hex(body.refresh_token)]));
    expect(stored.map((row) => row.kind).sort()).toEqual(["access", "refresh"]);
    expect(JSON.stringify(stored)).not.toContain(body.access_token);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "oauth_grant.tokens_issued"));
    expect(event).toMatchObject({ actorUserId: member.userId, actorType: "user" });
    // The access token works on /mcp as the user who approved.
    const listed = await runGreet(body.access_token);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().result.content[0].text).toContain("Hello Ada");
  });

  it("reads form bodies that name their character set", async () => {
    const clientId = (await registerClient(t.app)).client_id;
    const { code, pkce } = await approvedCode(t.app, member, { clientId });
    const params = {
      grant_type: "authorization_code",
      code,
      redirect_uri: LOOPBACK_CALLBACK,
      code_verifier: pkce.verifier,
      client_id: clientId,
    };
    const response = await token(params, { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" });
    expect(response.statusCode, response.body).toBe(200);
  });

  it("accepts a JSON body too", async () => {
    const clientId = (await registerClient(t.app)).client_id;
    const { code, pkce } = await approvedCode(t.app, member, { clientId });
    const response = await t.app.inject({
      method: "POST",
      url: "/oauth/token",
      payload: {
        grant_type: "authorization_code",
        code,
        redirect_uri: LOOPBACK_CALLBACK,
        code_verifier: pkce.verifier,
        client_id: clientId,
      },
    });
    expect(response.statusCode, response.body).toBe(200);
  });

  it("refuses a code verifier that does not match the challenge", async () => {
    const clientId = (await registerClient(t.app)).client_id;
    const { code } = await approvedCode(t.app, member, { clientId });
    const params = { grant_type: "authorization_code", code, redirect_uri: LOOPBACK_CALLBACK, client_id: clientId };
    expectOAuthError(await token({ ...params, code_verifier: "x".repeat(43) }), 400, "invalid_grant");
    expectOAuthError(await token({ ...params, code_verifier: "short" }), 400, "invalid_request");
    expectOAuthError(await token(params), 400, "invalid_request");
  });

  it("uses a code once: presenting it again revokes what it produced", async () => {
    const clientId = (await registerClient(t.app)).client_id;
    const { code, pkce } = await approvedCode(t.app, member, { clientId });
    const params = {
      grant_type: "authorization_code",
      code,
      redirect_uri: LOOPBACK_CALLBACK,
      code_verifier: pkce.verifier,
      client_id: clientId,
    };
    const first = await token(params);
    expect(first.statusCode).toBe(200);
    expect((await listTools(first.json().access_token)).statusCode).toBe(200);
    expectOAuthError(await token(params), 400, "invalid_grant");
    const refused = await listTools(first.json().access_token);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["www-authenticate"]).toContain('error="invalid_token"');
    expectOAuthError(await refreshWith({ ...first.json(), clientId }), 400, "invalid_grant");
    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, "oauth_grant.reuse_detected"));
    expect(events.length).toBeGreaterThan(0);
  });

  it("binds a code to its client, redirect URI, resource and lifetime", async () => {
    const clientId = (await registerClient(t.app)).client_id;
    const other = (await registerClient(t.app)).client_id;
    const { code, pkce } = await approvedCode(t.app, member, { clientId });
    const params = {
      grant_type: "authorization_code",
      code,
      redirect_uri: LOOPBACK_CALLBACK,
      code_verifier: pkce.verifier,
      client_id: clientId,
    };
    expectOAuthError(await token({ ...params, client_id: other }), 400, "invalid_grant");
    expectOAuthError(await token({ ...params, redirect_uri: "http://127.0.0.1:1/elsewhere" }), 400, "invalid_grant");
    expectOAuthError(await token({ ...params, resource: "https://elsewhere.example/mcp" }), 400, "invalid_target");
    expectOAuthError(await token({ ...params, code: "not-a-code" }), 400, "invalid_grant");
    await db
      .update(oauthAuthorizationRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthAuthorizationRequests.codeHash, sha256Hex(code)));
    expectOAuthError(await token(params), 400, "invalid_grant");
  });

  it("refuses malformed requests with RFC errors", async () => {
    expectOAuthError(await token({}), 400, "invalid_request");
    expectOAuthError(await token({ grant_type: "client_credentials" }), 400, "unsupported_grant_type");
    expectOAuthError(await token({ grant_type: "authorization_code" }), 401, "invalid_client");
    expectOAuthError(await token({ grant_type: "authorization_code", client_id: "nobody" }), 401, "invalid_client");
    const twice = await t.app.inject({
      method: "POST",
      url: "/oauth/token",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "grant_type=authorization_code&grant_type=refresh_token",
    });
    expectOAuthError(twice, 400, "invalid_request");
    const nul = await token({ grant_type: "authorization_code", client_id: "a\u0000b" });
    expectOAuthError(nul, 400, "invalid_request");
  });
});

describe("confidential clients", () => {
  let client: { client_id: string; client_secret?: string };
  beforeAll(async () => {
    client = await registerClient(t.app, { token_endpoint_auth_method: "client_secret_basic" });
  });
  const exchange = async (auth: { headers?: Record<string, string>; params?: Record<string, string> }) => {
    const { code, pkce } = await approvedCode(t.app, member, { clientId: client.client_id });
    return token(
      {
        grant_type: "authorization_code",
        code,
        redirect_uri: LOOPBACK_CALLBACK,
        code_verifier: pkce.verifier,
        ...auth.params,
      },
      auth.headers,
    );
  };
  const basic = (id: string, secret: string) => ({
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`,
  });

  it("authenticate with HTTP Basic or the secret in the body", async () => {
    const secret = client.client_secret ?? "";
    expect((await exchange({ headers: basic(client.client_id, secret) })).statusCode).toBe(200);
    expect((await exchange({ params: { client_id: client.client_id, client_secret: secret } })).statusCode).toBe(200);
  });

  it("are refused with 401 invalid_client for a wrong or missing secret", async () => {
    const wrong = await exchange({ headers: basic(client.client_id, "wrong") });
    expectOAuthError(wrong, 401, "invalid_client");
    expect(wrong.headers["www-authenticate"]).toBe('Basic realm="SpecHub"');
    expectOAuthError(await exchange({ params: { client_id: client.client_id } }), 401, "invalid_client");
    expectOAuthError(await exchange({ headers: { authorization: "Basic !!!" } }), 401, "invalid_client");
  });

  it("leave public clients without a secret to present", async () => {
    const publicClient = (await registerClient(t.app)).client_id;
    const { code, pkce } = await approvedCode(t.app, member, { clientId: publicClient });
    const response = await token({
      grant_type: "authorization_code",
      code,
      redirect_uri: LOOPBACK_CALLBACK,
      code_verifier: pkce.verifier,
      client_id: publicClient,
      client_secret: "anything",
    });
    expectOAuthError(response, 401, "invalid_client");
  });
});

describe("refresh tokens", () => {
  it("rotate: each refresh answers a new pair and spends the old refresh token", async () => {
    const first = await signInClient(t.app, member);
    const refreshed = await refreshWith(first);
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    const second = refreshed.json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await listTools(second.access_token)).statusCode).toBe(200);
    // The earlier access token lives out its own lifetime.
    expect((await listTools(first.access_token)).statusCode).toBe(200);
    const [spent] = await db
      .select()
      .from(oauthTokens)
      .where(eq(oauthTokens.tokenHash, sha256Hex(first.refresh_token)));
    expect(spent?.usedAt).not.toBeNull();
  });

  it("revoke the grant when a spent one is presented again", async () => {
    const first = await signInClient(t.app, member);
    const second = (await refreshWith(first)).json();
    expectOAuthError(await refreshWith(first), 400, "invalid_grant");
    // Everything the grant issued ends, the newest pair too.
    expect((await listTools(second.access_token)).statusCode).toBe(401);
    expectOAuthError(await refreshWith({ ...second, clientId: first.clientId }), 400, "invalid_grant");
    const grants = await db.select().from(oauthGrants).where(eq(oauthGrants.clientId, first.clientId));
    expect(grants).toEqual([]);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, "oauth_grant.reuse_detected"));
    expect(events.some((event) => event.actorUserId === member.userId)).toBe(true);
  });

  it("narrow the scope on request, never widen it", async () => {
    const tokens = await signInClient(t.app, member, { scope: "read expand" });
    const narrowed = await refreshWith(tokens, { scope: "read" });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect(narrowed.json().scope).toBe("read");
    const readOnly = await signInClient(t.app, member, { scope: "read" });
    expectOAuthError(await refreshWith(readOnly, { scope: "read expand" }), 400, "invalid_scope");
    expectOAuthError(await refreshWith(readOnly, { resource: "https://elsewhere.example/mcp" }), 400, "invalid_target");
  });

  it("belong to their client and their lifetime", async () => {
    const tokens = await signInClient(t.app, member);
    const other = (await registerClient(t.app)).client_id;
    expectOAuthError(await refreshWith({ ...tokens, clientId: other }), 400, "invalid_grant");
    expectOAuthError(await refreshWith({ ...tokens, refresh_token: tokens.access_token }), 400, "invalid_grant");
    await db
      .update(oauthTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthTokens.tokenHash, sha256Hex(tokens.refresh_token)));
    expectOAuthError(await refreshWith(tokens), 400, "invalid_grant");
  });
});

describe("revocation", () => {
  it("ends an access token", async () => {
    const tokens = await signInClient(t.app, member);
    const response = await revoke({ token: tokens.access_token, client_id: tokens.clientId });
    expect(response.statusCode, response.body).toBe(200);
    expect((await listTools(tokens.access_token)).statusCode).toBe(401);
    // The refresh token still works: only the access token was revoked.
    expect((await refreshWith(tokens)).statusCode).toBe(200);
  });

  it("ends a refresh token with the grant's access tokens", async () => {
    const tokens = await signInClient(t.app, member);
    expect((await revoke({ token: tokens.refresh_token, client_id: tokens.clientId })).statusCode).toBe(200);
    expect((await listTools(tokens.access_token)).statusCode).toBe(401);
    expectOAuthError(await refreshWith(tokens), 400, "invalid_grant");
  });

  it("answers 200 for unknown tokens and others' tokens, and refuses bad requests", async () => {
    const tokens = await signInClient(t.app, member);
    const other = (await registerClient(t.app)).client_id;
    expect((await revoke({ token: "pcp_at_unknown", client_id: tokens.clientId })).statusCode).toBe(200);
    expect((await revoke({ token: tokens.access_token, client_id: other })).statusCode).toBe(200);
    expect((await listTools(tokens.access_token)).statusCode).toBe(200);
    expectOAuthError(await revoke({ client_id: tokens.clientId }), 400, "invalid_request");
    expectOAuthError(await revoke({ token: tokens.access_token }), 401, "invalid_client");
  });
});

describe("access tokens", () => {
  it("are good for /mcp only: elsewhere they are 401 invalid_token", async () => {
    const tokens = await signInClient(t.app, member);
    for (const url of ["/api/v1/prompts", "/api/v1/auth/me", "/api/v1/api-keys"]) {
      const response = await t.app.inject({
        method: "GET",
        url,
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(response.statusCode, url).toBe(401);
      expect(response.json()).toEqual({
        detail: `This access token was issued for ${BASE}/mcp and is good there only`,
        code: "invalid_token",
      });
    }
    const write = await t.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: { authorization: `Bearer ${tokens.access_token}` },
      payload: { name: "escalate" },
    });
    expect(write.statusCode).toBe(401);
  });

  it("are refused on /mcp when issued for another address (audience)", async () => {
    const tokens = await signInClient(t.app, member);
    const elsewhere = await buildApp({
      config: { ...t.config, publicUrl: "https://other.example" },
      database: t.database,
      logger: false,
    });
    try {
      const response = await listTools(tokens.access_token, elsewhere);
      expect(response.statusCode).toBe(401);
      expect(response.headers["www-authenticate"]).toBe(
        'Bearer error="invalid_token", resource_metadata="https://other.example/.well-known/oauth-protected-resource/mcp", scope="read expand"',
      );
      expect(response.json().error.message).toBe(
        `This access token was issued for ${BASE}/mcp, not https://other.example/mcp`,
      );
    } finally {
      await elsewhere.close();
    }
  });

  it("with the read scope list and search but cannot expand, as read-only API keys", async () => {
    const tokens = await signInClient(t.app, member, { scope: "read" });
    expect((await listTools(tokens.access_token)).statusCode).toBe(200);
    const listed = await mcp(tokens.access_token, { method: "tools/call", params: { name: "sh-list", arguments: {} } });
    expect(listed.json().result.content[0].text).toContain("greet");
    const run = await runGreet(tokens.access_token);
    expect(run.json().result).toEqual({
      content: [{ type: "text", text: "Error: This access token lacks the 'expand' scope needed here" }],
      isError: true,
    });
    const prompt = await mcp(tokens.access_token, { method: "prompts/get", params: { name: "greet", arguments: {} } });
    expect(prompt.json().error.message).toContain("This access token lacks the 'expand' scope needed here");
  });

  it("stop working once expired, and unknown ones are 401", async () => {
    const tokens = await signInClient(t.app, member);
    expect((await listTools(tokens.access_token)).statusCode).toBe(200);
    await db
      .update(oauthTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthTokens.tokenHash, sha256Hex(tokens.access_token)));
    await t.changesSeen("identities");
    const expired = await listTools(tokens.access_token);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.message).toBe("Invalid or expired access token");
    expect((await listTools("pcp_at_made-up")).statusCode).toBe(401);
  });

  it("note their grant's last use", async () => {
    const tokens = await signInClient(t.app, member);
    const lastUsed = async () => {
      const grants = await t.app.inject({ method: "GET", url: "/api/v1/oauth/grants", headers: member.auth });
      return grants.json().items.find((grant: { client_id: string }) => grant.client_id === tokens.clientId)
        ?.last_used_at;
    };
    expect(await lastUsed()).toBeNull();
    await listTools(tokens.access_token);
    for (let waited = 0; (await lastUsed()) === null; waited += 10) {
      if (waited > 5000) throw new Error("last use was not recorded");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await lastUsed()).toEqual(expect.any(String));
  });
});

describe("connected apps", () => {
  it("list the caller's own grants only", async () => {
    const mine = await signInClient(t.app, member);
    const response = await t.app.inject({ method: "GET", url: "/api/v1/oauth/grants", headers: member.auth });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toContainEqual({
      id: expect.any(String),
      client_id: mine.clientId,
      client_name: "Test IDE",
      client_uri: null,
      logo_uri: null,
      scopes: ["read", "expand"],
      created_at: expect.any(String),
      last_used_at: null,
    });
    const adminList = await t.app.inject({ method: "GET", url: "/api/v1/oauth/grants", headers: admin.auth });
    expect(adminList.json().items.map((grant: { client_id: string }) => grant.client_id)).not.toContain(mine.clientId);
  });

  it("are disconnected by their user or an admin, and their tokens stop working at once", async () => {
    const tokens = await signInClient(t.app, member);
    const grantId = async () =>
      (await t.app.inject({ method: "GET", url: "/api/v1/oauth/grants", headers: member.auth }))
        .json()
        .items.find((grant: { client_id: string }) => grant.client_id === tokens.clientId)?.id;
    const id = await grantId();
    // The token's identity is cached: the second call is served from memory.
    expect((await listTools(tokens.access_token)).statusCode).toBe(200);
    const hitsBefore = readCacheStats(db)?.identities.hits ?? 0;
    expect((await listTools(tokens.access_token)).statusCode).toBe(200);
    expect(readCacheStats(db)?.identities.hits).toBeGreaterThan(hitsBefore);
    const stranger = await createUserSession(t.app, db, { teamId: admin.teamId });
    const forbidden = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/oauth/grants/${id}`,
      headers: stranger.auth,
    });
    expect(forbidden.statusCode).toBe(403);
    const deleted = await t.app.inject({ method: "DELETE", url: `/api/v1/oauth/grants/${id}`, headers: member.auth });
    expect(deleted.statusCode).toBe(204);
    const refused = await listTools(tokens.access_token);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["www-authenticate"]).toContain('error="invalid_token"');
    expectOAuthError(await refreshWith(tokens), 400, "invalid_grant");
    expect(await grantId()).toBeUndefined();
    const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(events.map((event) => [event.action, event.actorUserId])).toContainEqual([
      "oauth_grant.revoked",
      member.userId,
    ]);

    const another = await signInClient(t.app, member);
    const anotherId = (await t.app.inject({ method: "GET", url: "/api/v1/oauth/grants", headers: member.auth }))
      .json()
      .items.find((grant: { client_id: string }) => grant.client_id === another.clientId)?.id;
    const byAdmin = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/oauth/grants/${anotherId}`,
      headers: admin.auth,
    });
    expect(byAdmin.statusCode).toBe(204);
    expect((await listTools(another.access_token)).statusCode).toBe(401);
    const again = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/oauth/grants/${anotherId}`,
      headers: admin.auth,
    });
    expect(again.statusCode).toBe(404);
  });
});

describe("pruning", () => {
  it("removes expired requests, codes and tokens, and keeps live ones", async () => {
    const live = await signInClient(t.app, member);
    const expired = await signInClient(t.app, member);
    const past = new Date(Date.now() - 1000);
    await db
      .update(oauthTokens)
      .set({ expiresAt: past })
      .where(inArray(oauthTokens.tokenHash, [sha256Hex(expired.access_token), sha256Hex(expired.refresh_token)]));
    const { code } = await approvedCode(t.app, member, { clientId: expired.clientId });
    await db
      .update(oauthAuthorizationRequests)
      .set({ expiresAt: past })
      .where(eq(oauthAuthorizationRequests.codeHash, sha256Hex(code)));

    const pruned = await pruneOAuth(db, { batchSize: 1 });
    expect(pruned.tokens).toBeGreaterThanOrEqual(2);
    expect(pruned.requests).toBeGreaterThanOrEqual(1);
    const remaining = await db.select({ hash: oauthTokens.tokenHash }).from(oauthTokens);
    const hashes = remaining.map((row) => row.hash);
    expect(hashes).toContain(sha256Hex(live.access_token));
    expect(hashes).not.toContain(sha256Hex(expired.access_token));
    expect(
      await db
        .select()
        .from(oauthAuthorizationRequests)
        .where(eq(oauthAuthorizationRequests.codeHash, sha256Hex(code))),
    ).toEqual([]);
    expect(await pruneOAuth(db)).toEqual({ requests: 0, tokens: 0 });
  });
});
