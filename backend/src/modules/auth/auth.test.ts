import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAdmin, type Session, TEST_PASSWORD } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { ADDRESS_LIMIT_FACTOR } from "./rate-limit.js";

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

  it("believes a forwarded host as the request's own origin only from a trusted proxy", async () => {
    const login = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "admin", password: TEST_PASSWORD },
    });
    const session = login.cookies.find((c) => c.name === "pcp_session")!.value;
    const forwarded = { origin: "https://evil.example", host: "pcp.example", "x-forwarded-host": "evil.example" };
    const untrusted = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: forwarded,
      cookies: { pcp_session: session },
      remoteAddress: "203.0.113.7",
    });
    expect(untrusted.statusCode).toBe(403);
    expect(untrusted.json().code).toBe("cross_origin");
    const throughProxy = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { ...forwarded, origin: "https://pcp.example", "x-forwarded-host": "pcp.example" },
      cookies: { pcp_session: session },
    });
    expect(throughProxy.statusCode).toBe(204);
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

describe("login limits per client address and per account", () => {
  // Each test uses its own addresses and accounts, so they share one app's counters.
  let limited: TestContext;
  const max = 2;
  const perAddress = max * ADDRESS_LIMIT_FACTOR;
  beforeAll(async () => {
    limited = await createTestContext({ AUTH_RATE_LIMIT_MAX: String(max) });
  });
  afterAll(async () => limited?.close());

  const attempt = (account: string, from: { remoteAddress?: string; forwardedFor?: string }) =>
    limited.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}),
      headers: from.forwardedFor ? { "x-forwarded-for": from.forwardedFor } : {},
      payload: { email: account, password: "nope-nope" },
    });

  /** Sends the attempts one after another; each must be answered (a wrong password: 401). */
  async function expectAnswered(attempts: (() => ReturnType<typeof attempt>)[]) {
    const statuses = [];
    for (const send of attempts) statuses.push((await send()).statusCode);
    expect(statuses).toEqual(attempts.map(() => 401));
  }

  function expectLimited(response: Awaited<ReturnType<typeof attempt>>, which: string) {
    expect(response.statusCode).toBe(429);
    expect(response.json().detail).toMatch(new RegExp(`^Too many attempts ${which}; try again in \\d+ s$`));
    expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
  }

  it("stops one address spraying guesses over many accounts", async () => {
    const from = { remoteAddress: "198.51.100.7" };
    const sprayed = Array.from({ length: perAddress }, (_, i) => () => attempt(`sprayed-${i}@acme.test`, from));
    await expectAnswered(sprayed);
    expectLimited(await attempt("one-more@acme.test", from), "from this address");
    // Another address still gets its own allowance.
    expect((await attempt("one-more@acme.test", { remoteAddress: "198.51.100.8" })).statusCode).toBe(401);
  });

  it("stops guesses at one account from many addresses", async () => {
    const spread = Array.from(
      { length: max },
      (_, i) => () => attempt("target@acme.test", { remoteAddress: `192.0.2.${i + 1}` }),
    );
    await expectAnswered(spread);
    expectLimited(await attempt("TARGET@acme.test ", { remoteAddress: "192.0.2.99" }), "for this account");
  });

  it("does not let a client that is no trusted proxy pick its address with X-Forwarded-For", async () => {
    // A private address, as a pod or a machine inside the company network has: not a proxy unless configured.
    const rotating = (i: number) => ({ remoteAddress: "10.1.2.3", forwardedFor: `203.0.113.${i}` });
    const sprayed = Array.from({ length: perAddress }, (_, i) => () => attempt(`rotated-${i}@acme.test`, rotating(i)));
    await expectAnswered(sprayed);
    expectLimited(await attempt("rotated-last@acme.test", rotating(200)), "from this address");
  });

  it("believes X-Forwarded-For from the web UI on this machine, keeping its clients apart", async () => {
    const client = (address: string) => ({ remoteAddress: "127.0.0.1", forwardedFor: address });
    const sprayed = Array.from(
      { length: perAddress },
      (_, i) => () => attempt(`proxied-${i}@acme.test`, client("203.0.113.50")),
    );
    await expectAnswered(sprayed);
    expectLimited(await attempt("proxied-last@acme.test", client("203.0.113.50")), "from this address");
    expect((await attempt("proxied-last@acme.test", client("203.0.113.51"))).statusCode).toBe(401);
  });
});
