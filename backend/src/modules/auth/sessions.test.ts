import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createUserSession,
  login,
  registerAdmin,
  type Session,
  sender,
  TEST_PASSWORD,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { type ServerProcess, startServerProcess, stopServerProcess } from "../../test/server-process.js";
import { resolveJwtSecret } from "./session-token.js";

// Sessions (JWTs, in a header or the cookie) end on logout, password change and deactivation:
// every session of the user signed before stops working, in this process and in every other.

let t: TestContext;
let admin: Session;
let send: ReturnType<typeof sender>;

beforeAll(async () => {
  t = await createTestContext();
  admin = await registerAdmin(t.app);
  send = sender(t.app);
});
afterAll(async () => t?.close());

const member = () => createUserSession(t.app, t.database.db, { teamId: admin.teamId });

const me = (session: Session) => send("GET", "/api/v1/auth/me", session);

/** Signs in through the login form as a browser does: the session is the cookie. */
async function browserLogin(username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password },
  });
  expect(response.statusCode).toBe(200);
  const cookie = response.cookies.find((c) => c.name === "pcp_session");
  if (!cookie) throw new Error("no session cookie");
  return cookie.value;
}

const meByCookie = (cookie: string) =>
  t.app.inject({ method: "GET", url: "/api/v1/auth/me", cookies: { pcp_session: cookie } });

function expectSessionEnded(response: Awaited<ReturnType<typeof me>>) {
  expect(response.statusCode).toBe(401);
  expect(response.json()).toEqual({
    code: "session_ended",
    detail: "Session ended (signed out, password changed or account deactivated); sign in again",
  });
}

describe("logout", () => {
  it("ends every session of the caller, tokens and cookies alike, and nobody else's", async () => {
    const user = await member();
    const other = await login(t.app, user.username);
    const cookie = await browserLogin(user.username);
    const bystander = await member();
    expect((await me(user)).statusCode).toBe(200);

    const logout = await send("POST", "/api/v1/auth/logout", user);
    expect(logout.statusCode).toBe(204);

    expectSessionEnded(await me(user));
    expectSessionEnded(await me(other));
    // A stale cookie is no error, just a signed-out browser.
    expect((await meByCookie(cookie)).json().code).toBe("unauthorized");
    expect((await me(bystander)).statusCode).toBe(200);
    expect((await me(await login(t.app, user.username))).statusCode).toBe(200);
  });

  it("through the cookie ends the bearer tokens too", async () => {
    const user = await member();
    const cookie = await browserLogin(user.username);
    const logout = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", cookies: { pcp_session: cookie } });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.find((c) => c.name === "pcp_session")?.value).toBe("");
    expectSessionEnded(await me(user));
  });

  it("without a session (anonymous, an API key, the operator token) ends none", async () => {
    const user = await member();
    const key = await send("POST", "/api/v1/api-keys", user, { name: unique("k"), scopes: ["read", "write"] });
    expect(key.statusCode).toBe(201);
    for (const headers of [
      {},
      { authorization: `Bearer ${key.json().raw_key}` },
      { authorization: "Bearer operator-token-for-tests" },
    ]) {
      const logout = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers });
      expect(logout.statusCode).toBe(204);
    }
    expect((await me(user)).statusCode).toBe(200);
    expect((await me(admin)).statusCode).toBe(200);
  });
});

describe("a new password", () => {
  it("set by the user ends their earlier sessions; the browser that set it gets a fresh cookie", async () => {
    const user = await member();
    const cookie = await browserLogin(user.username);
    const changed = await t.app.inject({
      method: "PUT",
      url: `/api/v1/users/${user.userId}`,
      cookies: { pcp_session: cookie },
      payload: { password: "a-brand-new-password", current_password: TEST_PASSWORD },
    });
    expect(changed.statusCode).toBe(200);
    expectSessionEnded(await me(user));
    expect((await meByCookie(cookie)).statusCode).toBe(401);
    const fresh = changed.cookies.find((c) => c.name === "pcp_session");
    expect(fresh?.value).toMatch(/\S+/);
    expect((await meByCookie(fresh?.value as string)).json().id).toBe(user.userId);
  });

  it("set through a bearer token ends that token as well: the client signs in again", async () => {
    const user = await member();
    const changed = await send("PUT", `/api/v1/users/${user.userId}`, user, {
      password: "a-brand-new-password",
      current_password: TEST_PASSWORD,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.cookies).toEqual([]);
    expectSessionEnded(await me(user));
    expect((await me(await login(t.app, user.username, "a-brand-new-password"))).statusCode).toBe(200);
  });

  it("set by an admin ends the user's sessions", async () => {
    const user = await member();
    const reset = await send("PUT", `/api/v1/users/${user.userId}`, admin, { password: "set-by-the-admin" });
    expect(reset.statusCode).toBe(200);
    expect(reset.cookies).toEqual([]);
    expectSessionEnded(await me(user));
    expect((await me(admin)).statusCode).toBe(200);
  });
});

describe("deactivation", () => {
  it("ends the user's sessions for good: reactivating brings them back neither", async () => {
    for (const deactivate of [
      (user: Session) => send("PUT", `/api/v1/users/${user.userId}`, admin, { is_active: false }),
      (user: Session) => send("DELETE", `/api/v1/users/${user.userId}`, admin),
    ]) {
      const user = await member();
      expect((await deactivate(user)).statusCode).toBeLessThan(300);
      expect((await me(user)).json().code).toBe("inactive_user");
      const back = await send("PUT", `/api/v1/users/${user.userId}`, admin, { is_active: true });
      expect(back.statusCode).toBe(200);
      expectSessionEnded(await me(user));
      expect((await me(await login(t.app, user.username))).statusCode).toBe(200);
    }
  });
});

describe("tokens", () => {
  it("are refused without an expiry, even when signed with the right key", async () => {
    const secret = await resolveJwtSecret(t.database.db, t.config);
    const token = (expires: boolean) => {
      const jwt = new SignJWT({ role: "admin", session_epoch: 0 })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(admin.userId)
        .setIssuedAt();
      return (expires ? jwt.setExpirationTime("1h") : jwt).sign(secret);
    };
    const call = async (expires: boolean) =>
      t.app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { authorization: `Bearer ${await token(expires)}` },
      });
    expect((await call(true)).statusCode).toBe(200);
    const endless = await call(false);
    expect(endless.statusCode).toBe(401);
    expect(endless.json()).toEqual({ code: "invalid_token", detail: "Invalid or expired token" });
  });
});

describe.skipIf(process.env.TEST_DB !== "postgres")("on another backend process", () => {
  let other: ServerProcess;

  beforeAll(async () => {
    if (!t.databaseUrl) throw new Error("the PostgreSQL harness exposes no database URL");
    other = await startServerProcess(t.databaseUrl);
  }, 120_000);
  afterAll(async () => stopServerProcess(other));

  const meThere = (session: Session) =>
    fetch(`${other.url}/api/v1/auth/me`, { headers: session.auth }).then((response) => response.status);

  /** The other process has just served the session, so it holds the user in its identities cache. */
  async function servedThere(session: Session) {
    expect(await meThere(session)).toBe(200);
    expect(await meThere(session)).toBe(200);
  }

  it("refuses a session ended by logout here, as soon as the database tells it", async () => {
    const user = await member();
    await servedThere(user);
    expect((await send("POST", "/api/v1/auth/logout", user)).statusCode).toBe(204);
    // Well within the caches' 60-second safety net: only the change notification can explain it.
    await expect.poll(() => meThere(user), { timeout: 5_000, interval: 50 }).toBe(401);
  });

  it("refuses a session ended by a password change here", async () => {
    const user = await member();
    await servedThere(user);
    const changed = await send("PUT", `/api/v1/users/${user.userId}`, user, {
      password: "changed-on-one-process",
      current_password: TEST_PASSWORD,
    });
    expect(changed.statusCode).toBe(200);
    await expect.poll(() => meThere(user), { timeout: 5_000, interval: 50 }).toBe(401);
    const again = await login(t.app, user.username, "changed-on-one-process");
    expect(await meThere(again)).toBe(200);
  });
});
