import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "../../db/schema.js";
import { createUserSession, registerAdmin, type Session } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let admin: Session;

beforeAll(async () => {
  t = await createTestContext();
  admin = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

type Method = "GET" | "POST" | "PUT" | "DELETE";
type Auth = Session | { auth: { authorization: string } };

const call = (method: Method, url: string, as?: Auth, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: as?.auth, payload });

const asKey = (rawKey: string): Auth => ({ auth: { authorization: `Bearer ${rawKey}` } });

const member = () => createUserSession(t.app, t.database.db, { teamId: admin.teamId });

async function createKey(owner: Session, body: object = { name: "laptop" }, as: Auth = owner) {
  const response = await call("POST", `/users/${owner.userId}/api-keys`, as, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { key: { id: string; scopes: string[] } & Record<string, unknown>; raw_key: string };
}

const MISSING_ID = "00000000-0000-4000-8000-000000000000";

describe("authentication", () => {
  it("answers 401 without credentials on every API key route", async () => {
    for (const [method, url] of [
      ["POST", `/users/${admin.userId}/api-keys`],
      ["GET", `/users/${admin.userId}/api-keys`],
      ["POST", "/api-keys"],
      ["GET", "/api-keys"],
      ["DELETE", `/api-keys/${MISSING_ID}`],
    ] as const) {
      const response = await call(method, url, undefined, method === "POST" ? { name: "x" } : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe("creating a key", () => {
  it("returns the raw key once, with defaults, and the key authenticates as its owner", async () => {
    const owner = await member();
    const { key, raw_key } = await createKey(owner);
    expect(raw_key).toMatch(/^pcp_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({
      user_id: owner.userId,
      name: "laptop",
      prefix: raw_key.slice(0, 12),
      scopes: ["read", "expand"],
      expires_at: null,
      is_active: true,
      last_used_at: null,
    });
    expect(key).not.toHaveProperty("key_hash");

    const me = await call("GET", "/auth/me", asKey(raw_key));
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: owner.userId, username: owner.username });
  });

  it("stores only a hash of the key", async () => {
    const owner = await member();
    const { key, raw_key } = await createKey(owner);
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row?.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(raw_key);
  });

  it("POST /api-keys creates a key for the caller, with scopes in canonical order", async () => {
    const owner = await member();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const response = await call("POST", "/api-keys", owner, {
      name: "  ci  ",
      scopes: ["write", "read", "write"],
      expires_at: expiresAt,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().key).toMatchObject({
      user_id: owner.userId,
      name: "ci",
      scopes: ["read", "write"],
      expires_at: expiresAt,
    });
  });

  it("lets an admin create a key for another user", async () => {
    const owner = await member();
    const { key, raw_key } = await createKey(owner, { name: "issued", scopes: ["read"] }, admin);
    expect(key.user_id).toBe(owner.userId);
    expect((await call("GET", "/auth/me", asKey(raw_key))).json().id).toBe(owner.userId);
  });

  it("refuses a member creating a key for someone else", async () => {
    const me = await member();
    for (const target of [await member(), admin]) {
      const response = await call("POST", `/users/${target.userId}/api-keys`, me, { name: "stolen" });
      expect(response.statusCode).toBe(403);
    }
    const adminKeys = await call("GET", `/users/${admin.userId}/api-keys`, admin);
    expect(adminKeys.json()).toEqual([]);
  });

  it("answers 404 for an unknown user and 409 for a deactivated one", async () => {
    const missing = await call("POST", `/users/${MISSING_ID}/api-keys`, admin, { name: "x" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("User not found");

    const gone = await member();
    await call("DELETE", `/users/${gone.userId}`, admin);
    const inactive = await call("POST", `/users/${gone.userId}/api-keys`, admin, { name: "x" });
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json().detail).toBe(`User '${gone.username}' is deactivated`);
  });

  it("rejects bad input with 422 naming the field", async () => {
    const owner = await member();
    const cases: [object, string][] = [
      [{ name: "" }, "body.name"],
      [{ name: "x".repeat(101) }, "body.name"],
      [{ name: "x", scopes: ["read", "admin"] }, "body.scopes.1"],
      [{ name: "x", scopes: [] }, "body.scopes"],
      [{ name: "x", expires_at: "tomorrow" }, "body.expires_at"],
      [{ name: "x", expires_at: new Date(Date.now() - 60_000).toISOString() }, "body.expires_at"],
    ];
    for (const [payload, loc] of cases) {
      const response = await call("POST", `/users/${owner.userId}/api-keys`, owner, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
      const locs = response.json().detail.map((d: { loc: string[] }) => d.loc.join("."));
      expect(locs, JSON.stringify(payload)).toContain(loc);
    }
    const past = await call("POST", "/api-keys", owner, { name: "x", expires_at: "2001-01-01T00:00:00Z" });
    expect(past.json().detail[0].msg).toBe("must be in the future");
    expect((await call("POST", "/users/not-a-uuid/api-keys", owner, { name: "x" })).statusCode).toBe(422);
  });
});

describe("listing keys", () => {
  it("returns the user's keys newest first, never the raw key", async () => {
    const owner = await member();
    const first = await createKey(owner, { name: "first" });
    const second = await createKey(owner, { name: "second" });
    const response = await call("GET", `/users/${owner.userId}/api-keys`, owner);
    expect(response.statusCode).toBe(200);
    const keys = response.json();
    expect(keys.map((k: { id: string }) => k.id)).toEqual([second.key.id, first.key.id]);
    expect(response.body).not.toContain(first.raw_key);
    expect(response.body).not.toContain(second.raw_key);
    expect(keys[0]).not.toHaveProperty("raw_key");
    expect(keys[0]).not.toHaveProperty("key_hash");

    const own = await call("GET", "/api-keys", owner);
    expect(own.json()).toEqual(keys);
  });

  it("lets an admin list anyone's keys but not a member", async () => {
    const owner = await member();
    await createKey(owner);
    expect((await call("GET", `/users/${owner.userId}/api-keys`, admin)).json()).toHaveLength(1);
    const other = await member();
    const refused = await call("GET", `/users/${owner.userId}/api-keys`, other);
    expect(refused.statusCode).toBe(403);
  });

  it("answers 404 for an unknown user", async () => {
    const response = await call("GET", `/users/${MISSING_ID}/api-keys`, admin);
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe("User not found");
  });

  it("records when a key was last used", async () => {
    const owner = await member();
    const { key, raw_key } = await createKey(owner);
    expect((await call("GET", "/auth/me", asKey(raw_key))).statusCode).toBe(200);
    // The use is recorded off the request path, so give it a moment.
    let lastUsedAt: string | null = null;
    for (let attempt = 0; attempt < 50 && !lastUsedAt; attempt++) {
      const keys = (await call("GET", `/users/${owner.userId}/api-keys`, owner)).json();
      lastUsedAt = keys.find((k: { id: string }) => k.id === key.id).last_used_at;
      if (!lastUsedAt) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(lastUsedAt).not.toBeNull();
    expect(Math.abs(Date.parse(lastUsedAt!) - Date.now())).toBeLessThan(60_000);
  });
});

describe("revoking keys", () => {
  it("stops the key from authenticating, idempotently, and keeps it listed as inactive", async () => {
    const owner = await member();
    const { key, raw_key } = await createKey(owner);
    const revoked = await call("DELETE", `/api-keys/${key.id}`, owner);
    expect(revoked.statusCode).toBe(204);
    expect(revoked.body).toBe("");

    const me = await call("GET", "/auth/me", asKey(raw_key));
    expect(me.statusCode).toBe(401);
    expect(me.json().detail).toBe("Invalid or expired API key");

    expect((await call("DELETE", `/api-keys/${key.id}`, owner)).statusCode).toBe(204);
    const listed = (await call("GET", "/api-keys", owner)).json();
    expect(listed).toEqual([expect.objectContaining({ id: key.id, is_active: false })]);
  });

  it("lets an admin revoke anyone's key but not a member", async () => {
    const owner = await member();
    const { key, raw_key } = await createKey(owner);
    const other = await member();
    const refused = await call("DELETE", `/api-keys/${key.id}`, other);
    expect(refused.statusCode).toBe(403);
    expect((await call("GET", "/auth/me", asKey(raw_key))).statusCode).toBe(200);

    expect((await call("DELETE", `/api-keys/${key.id}`, admin)).statusCode).toBe(204);
    expect((await call("GET", "/auth/me", asKey(raw_key))).statusCode).toBe(401);
  });

  it("answers 404 for an unknown key and 422 for a malformed id", async () => {
    const missing = await call("DELETE", `/api-keys/${MISSING_ID}`, admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("API key not found");
    const malformed = await call("DELETE", "/api-keys/xyz", admin);
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().detail[0].loc).toEqual(["path", "key_id"]);
  });
});

describe("keys that no longer work", () => {
  it("an expired key gets 401 and is listed as inactive", async () => {
    const owner = await member();
    const { key, raw_key } = await createKey(owner);
    await t.database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, key.id));
    const me = await call("GET", "/auth/me", asKey(raw_key));
    expect(me.statusCode).toBe(401);
    expect(me.json().detail).toBe("Invalid or expired API key");
    const listed = (await call("GET", "/api-keys", owner)).json();
    expect(listed[0]).toMatchObject({ id: key.id, is_active: false });
  });

  it("a deactivated user's key gets 401", async () => {
    const owner = await member();
    const { raw_key } = await createKey(owner);
    expect((await call("PUT", `/users/${owner.userId}`, admin, { is_active: false })).statusCode).toBe(200);
    const me = await call("GET", "/auth/me", asKey(raw_key));
    expect(me.statusCode).toBe(401);
  });

  it("a made-up key gets 401", async () => {
    const me = await call("GET", "/auth/me", asKey(`pcp_${"A".repeat(43)}`));
    expect(me.statusCode).toBe(401);
  });
});

describe("scopes", () => {
  it("a read-only key can read but not create keys or revoke them", async () => {
    const owner = await member();
    const { key, raw_key } = await createKey(owner, { name: "reader", scopes: ["read"] });
    expect((await call("GET", "/api-keys", asKey(raw_key))).statusCode).toBe(200);

    const mint = await call("POST", "/api-keys", asKey(raw_key), { name: "escalate", scopes: ["read"] });
    expect(mint.statusCode).toBe(403);
    expect(mint.json()).toEqual({
      detail: "This API key lacks the 'write' scope needed here",
      code: "insufficient_scope",
    });

    const revoke = await call("DELETE", `/api-keys/${key.id}`, asKey(raw_key));
    expect(revoke.statusCode).toBe(403);
    expect(revoke.json().code).toBe("insufficient_scope");
  });

  it("a write key cannot grant scopes it lacks", async () => {
    const owner = await member();
    const { raw_key } = await createKey(owner, { name: "writer", scopes: ["read", "write"] });
    const wider = await call("POST", "/api-keys", asKey(raw_key), { name: "wider", scopes: ["read", "expand"] });
    expect(wider.statusCode).toBe(403);
    expect(wider.json().detail).toBe("This API key cannot grant the 'expand' scope it does not have itself");

    const same = await call("POST", "/api-keys", asKey(raw_key), { name: "same", scopes: ["read", "write"] });
    expect(same.statusCode).toBe(201);
    expect(same.json().key.scopes).toEqual(["read", "write"]);
  });

  it("a key minted with an expiring key cannot outlive it", async () => {
    const owner = await member();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const { raw_key } = await createKey(owner, {
      name: "short-lived",
      scopes: ["read", "write"],
      expires_at: expiresAt.toISOString(),
    });
    const forever = await call("POST", "/api-keys", asKey(raw_key), { name: "forever", scopes: ["read"] });
    expect(forever.statusCode).toBe(403);
    expect(forever.json().code).toBe("key_outlives_caller_key");
    const shorter = await call("POST", "/api-keys", asKey(raw_key), {
      name: "shorter",
      scopes: ["read"],
      expires_at: new Date(expiresAt.getTime() - 60_000).toISOString(),
    });
    expect(shorter.statusCode).toBe(201);
  });
});

describe("OpenAPI", () => {
  it("documents the API key and user routes", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/users/{user_id}/api-keys",
        "/api/v1/api-keys",
        "/api/v1/api-keys/{key_id}",
        "/api/v1/users",
        "/api/v1/users/{user_id}",
      ]),
    );
    expect(Object.keys(spec.paths["/api/v1/users/{user_id}/api-keys"].post.responses)).toContain("201");
  });
});
