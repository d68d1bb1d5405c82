import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAdmin, type Session, TEST_PASSWORD } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let admin: Session;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe("before the organization exists", () => {
  it("GET /health answers without credentials", async () => {
    const response = await t.app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("GET /auth/status says there is no organization", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/auth/status" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ has_org: false });
  });

  it("rejects a registration with bad fields, naming each", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/register",
      payload: { org_name: "Acme", org_slug: "Not A Slug", email: "nope", username: "admin", password: "short" },
    });
    expect(response.statusCode).toBe(422);
    const locs = response.json().detail.map((d: { loc: string[] }) => d.loc.join("."));
    expect(locs).toEqual(expect.arrayContaining(["body.org_slug", "body.email", "body.password"]));
    expect(response.json().code).toBe("validation_error");
  });

  it("rejects malformed JSON with 422", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/register",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(response.statusCode).toBe(422);
  });

  it("the operator token cannot act before an admin exists", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: "Bearer operator-token-for-tests" },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toMatch(/register/);
  });
});

describe("registration and sessions", () => {
  beforeAll(async () => {
    admin = await registerAdmin(t.app, { display_name: "Ada Admin", email: "Admin@Acme.test" });
  });

  it("creates the root team owned by the admin and says the org exists", async () => {
    const status = await t.app.inject({ method: "GET", url: "/api/v1/auth/status" });
    expect(status.json()).toEqual({ has_org: true });
    const me = await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: admin.auth });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      id: admin.userId,
      username: "admin",
      display_name: "Ada Admin",
      email: "admin@acme.test",
      role: "admin",
      team_id: admin.teamId,
      is_active: true,
    });
  });

  it("refuses a second registration with 409", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/register",
      payload: { org_name: "Other", org_slug: "other", email: "x@y.test", username: "other", password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe("Organization already exists. Use an invitation to join.");
  });

  it("issues an HS256 JWT with sub, role, iat and exp", async () => {
    const [header, payload] = admin.token
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header.alg).toBe("HS256");
    expect(payload).toMatchObject({ sub: admin.userId, role: "admin" });
    expect(payload.exp - payload.iat).toBe(24 * 3600);
  });

  it("logs in by email (any case) or username", async () => {
    for (const login of ["admin@acme.test", "ADMIN@acme.test", "admin"]) {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: login, password: TEST_PASSWORD },
      });
      expect(response.statusCode, login).toBe(200);
      expect(response.json().user.id).toBe(admin.userId);
    }
    const byUsernameField = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "admin", password: TEST_PASSWORD },
    });
    expect(byUsernameField.statusCode).toBe(200);
  });

  it("refuses a wrong password or unknown account with the same 401", async () => {
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "admin", password: "wrong-password" },
    });
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "ghost@acme.test", password: "wrong-password" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it("sets an httpOnly SameSite=Lax cookie that authenticates, and logout clears it", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "admin", password: TEST_PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === "pcp_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const me = await t.app.inject({ method: "GET", url: "/api/v1/auth/me", cookies: { pcp_session: cookie!.value } });
    expect(me.statusCode).toBe(200);
    const logout = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      cookies: { pcp_session: cookie!.value },
    });
    expect(logout.statusCode).toBe(204);
    const cleared = logout.cookies.find((c) => c.name === "pcp_session");
    expect(cleared?.value).toBe("");
  });

  it("refuses a cookie-authenticated unsafe request from another origin", async () => {
    const cross = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { origin: "https://evil.example", host: "pcp.example" },
      cookies: { pcp_session: admin.token },
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().code).toBe("cross_origin");
    const same = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { origin: "https://pcp.example", host: "pcp.example" },
      cookies: { pcp_session: admin.token },
    });
    expect(same.statusCode).toBe(204);
  });

  it("answers 401 without credentials and for forged or malformed tokens", async () => {
    const none = await t.app.inject({ method: "GET", url: "/api/v1/auth/me" });
    expect(none.statusCode).toBe(401);
    const forged = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${admin.token.slice(0, -4)}abcd` },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().detail).toBe("Invalid or expired token");
    const scheme = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: "Basic abc" },
    });
    expect(scheme.statusCode).toBe(401);
  });

  it("the operator token acts as the founding admin", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: "Bearer operator-token-for-tests" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: admin.userId, role: "admin" });
  });
});

describe("HTTP conventions", () => {
  it("answers JSON 404 for unknown paths and 405 for wrong methods", async () => {
    const missing = await t.app.inject({ method: "GET", url: "/api/v1/nowhere" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: "Not Found", code: "not_found" });
    const wrongMethod = await t.app.inject({ method: "DELETE", url: "/api/v1/auth/status" });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.json().detail).toBe("Method Not Allowed");
  });

  it("serves the OpenAPI document and the docs UI", async () => {
    const spec = await t.app.inject({ method: "GET", url: "/openapi.json" });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().info.title).toBe("Prompt Control Plane");
    expect(Object.keys(spec.json().paths)).toContain("/api/v1/auth/login");
    const docs = await t.app.inject({ method: "GET", url: "/docs" });
    expect([200, 302]).toContain(docs.statusCode);
  });

  it("tags every response with a request id", async () => {
    const response = await t.app.inject({ method: "GET", url: "/health" });
    expect(response.headers["x-request-id"]).toMatch(/\S+/);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After after repeated bad logins", async () => {
    const limited = await createTestContext({ AUTH_RATE_LIMIT_MAX: "3" });
    try {
      const attempt = () =>
        limited.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email: "x@acme.test", password: "nope-nope" },
        });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const blocked = await attempt();
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
      expect(blocked.json().code).toBe("rate_limited");
    } finally {
      await limited.close();
    }
  });
});

describe("client addresses behind proxies", () => {
  it("ignores X-Forwarded-For from a client that is not a trusted proxy when rate limiting", async () => {
    const limited = await createTestContext({ AUTH_RATE_LIMIT_MAX: "2", TRUST_PROXY: "10.0.0.0/8" });
    try {
      const attempt = (spoofed: string) =>
        limited.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          headers: { "x-forwarded-for": spoofed },
          payload: { email: "x@acme.test", password: "nope-nope" },
        });
      expect((await attempt("203.0.113.1")).statusCode).toBe(401);
      expect((await attempt("203.0.113.2")).statusCode).toBe(401);
      // A new forged address each time does not buy a fresh allowance.
      expect((await attempt("203.0.113.3")).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
