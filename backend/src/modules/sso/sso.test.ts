import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, invitations, teams, users } from "../../db/schema.js";
import { registerAdmin, type Session, sender } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { browserSignIn, startTestProvider, TEST_CLIENT, type TestProvider } from "../../test/oidc-provider.js";
import { TRANSACTION_COOKIE } from "./transaction.js";

const PUBLIC_URL = "http://spechub.test";
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/sso/callback`;
const GROUP_RULES = [
  { group: "platform-admins", team: "platform", role: "admin" },
  { group: "writers", team: "writers" },
];

let idp: TestProvider;
let t: TestContext;
let admin: Session;
let send: ReturnType<typeof sender>;
const teamIds: Record<string, string> = {};

const ssoEnv = (issuer: string) => ({
  PUBLIC_URL,
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: TEST_CLIENT.id,
  OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
  OIDC_SCOPES: "openid email profile groups",
  OIDC_PROVIDER_NAME: "Acme ID",
});

beforeAll(async () => {
  idp = await startTestProvider({ redirectUri: CALLBACK, scopes: ["groups"] });
  t = await createTestContext({
    ...ssoEnv(idp.issuer),
    OIDC_ALLOWED_EMAIL_DOMAINS: "acme.test",
    OIDC_DEFAULT_TEAM: "newcomers",
    OIDC_GROUP_RULES: JSON.stringify(GROUP_RULES),
  });
  send = sender(t.app);
  admin = await registerAdmin(t.app);
  for (const slug of ["newcomers", "platform", "writers"]) {
    const created = await send("POST", "/api/v1/teams", admin, { name: slug, slug, parent_team_id: admin.teamId });
    teamIds[slug] = created.json().id;
  }
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

/** The signed-in user as `GET /auth/me` shows them to the session cookie. */
async function me(session: string | undefined) {
  expect(session).toBeTruthy();
  const response = await t.app.inject({
    method: "GET",
    url: "/api/v1/auth/me",
    cookies: { pcp_session: session ?? "" },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

const userRow = async (id: string) => (await t.database.db.select().from(users).where(eq(users.id, id)))[0];

const events = (action: string, targetId: string | null) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(
      targetId === null
        ? eq(auditEvents.action, action)
        : and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)),
    );

describe("GET /auth/providers", () => {
  it("offers the password form and the provider's button", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/auth/providers" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      password: true,
      sso: { name: "Acme ID", login_url: "/api/v1/auth/sso/login" },
    });
  });
});

describe("GET /auth/sso/login", () => {
  it("sends the browser to the provider with PKCE, state and nonce, and a signed path-limited cookie", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/auth/sso/login?next=/prompts" });
    expect(response.statusCode).toBe(302);
    const target = new URL(String(response.headers.location));
    expect(target.origin).toBe(idp.issuer);
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      client_id: TEST_CLIENT.id,
      redirect_uri: CALLBACK,
      response_type: "code",
      scope: "openid email profile groups",
      code_challenge_method: "S256",
    });
    for (const param of ["state", "nonce", "code_challenge"]) expect(target.searchParams.get(param)).toBeTruthy();
    const cookie = response.cookies.find((entry) => entry.name === TRANSACTION_COOKIE);
    expect(cookie).toMatchObject({ path: "/api/v1/auth/sso", httpOnly: true, sameSite: "Lax", maxAge: 600 });
    // The code verifier and the nonce stay with the browser, not in the URL.
    expect(cookie?.value).not.toContain(target.searchParams.get("code_challenge"));
  });
});

describe("first sign-in (just-in-time account)", () => {
  it("creates the account in the default team, without a password, and signs it in", async () => {
    idp.accounts.set("dana", {
      email: "Dana@Acme.test",
      email_verified: true,
      name: "Dana Scully",
      preferred_username: "Dana.Scully",
    });
    const outcome = await browserSignIn(t.app, { account: "dana" });
    expect(outcome.location).toBe("/");
    const user = await me(outcome.session);
    expect(user).toMatchObject({
      username: "dana-scully",
      display_name: "Dana Scully",
      email: "dana@acme.test",
      role: "member",
      team_id: teamIds.newcomers,
      is_active: true,
    });
    const row = await userRow(user.id);
    expect(row).toMatchObject({ passwordHash: null, externalIssuer: idp.issuer, externalSubject: "dana" });
    expect(await events("user.created", user.id)).toHaveLength(1);
    const [signedIn] = await events("auth.signed_in", user.id);
    expect(signedIn).toMatchObject({ actorUserId: user.id, channel: "web", changes: { after: { method: "sso" } } });
  });

  it("makes the username unique", async () => {
    idp.accounts.set("dana-2nd", {
      email: "dana.other@acme.test",
      email_verified: true,
      preferred_username: "dana-scully",
    });
    const user = await me((await browserSignIn(t.app, { account: "dana-2nd" })).session);
    expect(user.username).toBe("dana-scully-2");
  });

  it("places members of a rule's group in its team, with the admin role a rule gives", async () => {
    idp.accounts.set("pat", {
      email: "pat@acme.test",
      email_verified: true,
      preferred_username: "pat",
      groups: ["unrelated", "platform-admins", "writers"],
    });
    const pat = await me((await browserSignIn(t.app, { account: "pat" })).session);
    expect(pat).toMatchObject({ team_id: teamIds.platform, role: "admin" });

    // A single group may come as a bare string.
    idp.accounts.set("wes", { email: "wes@acme.test", email_verified: true, groups: "writers" });
    const wes = await me((await browserSignIn(t.app, { account: "wes" })).session);
    expect(wes).toMatchObject({ username: "wes", team_id: teamIds.writers, role: "member" });
  });

  it("places an invited email as the invitation says, and uses the invitation up", async () => {
    const invited = await send("POST", "/api/v1/auth/invitations", admin, {
      email: "ivy@acme.test",
      team_id: teamIds.writers,
      role: "admin",
    });
    expect(invited.statusCode).toBe(201);
    idp.accounts.set("ivy", { email: "ivy@acme.test", email_verified: true, groups: ["platform-admins"] });
    const ivy = await me((await browserSignIn(t.app, { account: "ivy" })).session);
    expect(ivy).toMatchObject({ team_id: teamIds.writers, role: "admin" });
    const [invitation] = await t.database.db.select().from(invitations).where(eq(invitations.id, invited.json().id));
    expect(invitation?.acceptedAt).not.toBeNull();
    expect(await events("invitation.accepted", invited.json().id)).toHaveLength(1);
  });
});

describe("later sign-ins", () => {
  it("find the account by the provider account, even when its email changed", async () => {
    const first = await me((await browserSignIn(t.app, { account: "dana" })).session);
    idp.accounts.set("dana", { email: "dana.s@acme.test", email_verified: true, preferred_username: "someone-else" });
    const again = await me((await browserSignIn(t.app, { account: "dana" })).session);
    expect(again.id).toBe(first.id);
    const rows = await t.database.db.select().from(users).where(eq(users.externalSubject, "dana"));
    expect(rows).toHaveLength(1);
  });

  it("take the role from the group rules again, keeping the team", async () => {
    const before = await me((await browserSignIn(t.app, { account: "pat" })).session);
    expect(before.role).toBe("admin");
    idp.accounts.set("pat", { email: "pat@acme.test", email_verified: true, groups: ["writers"] });
    const after = await me((await browserSignIn(t.app, { account: "pat" })).session);
    expect(after).toMatchObject({ id: before.id, role: "member", team_id: teamIds.platform });
    const [changed] = await events("user.role_changed", before.id);
    expect(changed).toMatchObject({
      actorType: "anonymous",
      actorName: "single sign-on group rules",
      changes: { before: { role: "admin" }, after: { role: "member" } },
    });
  });

  it("refuse a deactivated account", async () => {
    idp.accounts.set("gone", { email: "gone@acme.test", email_verified: true });
    const user = await me((await browserSignIn(t.app, { account: "gone" })).session);
    expect((await send("DELETE", `/api/v1/users/${user.id}`, admin)).statusCode).toBe(204);
    const outcome = await browserSignIn(t.app, { account: "gone" });
    expect(outcome).toEqual({ location: "/login?error=sso_account_inactive", session: undefined });
    const [failed] = await events("auth.sign_in_failed", user.id);
    expect(failed?.changes).toEqual({ before: null, after: { method: "sso", reason: "sso_account_inactive" } });
  });
});

describe("an existing local account", () => {
  it("is linked when the provider says the email is verified", async () => {
    const created = await send("POST", "/api/v1/users", admin, {
      username: "bob",
      email: "bob@acme.test",
      team_id: teamIds.writers,
      password: "bobs-password-1",
    });
    expect(created.statusCode).toBe(201);
    idp.accounts.set("bob-at-idp", { email: "BOB@acme.test", email_verified: true, preferred_username: "robert" });
    const bob = await me((await browserSignIn(t.app, { account: "bob-at-idp" })).session);
    expect(bob).toMatchObject({ id: created.json().id, username: "bob", team_id: teamIds.writers });
    expect(await userRow(bob.id)).toMatchObject({ externalIssuer: idp.issuer, externalSubject: "bob-at-idp" });
    const [linked] = await events("user.identity_linked", bob.id);
    expect(linked?.changes).toEqual({
      before: { external_issuer: null, external_subject: null },
      after: { external_issuer: idp.issuer, external_subject: "bob-at-idp" },
    });
  });

  it("is neither linked nor duplicated when the email is not verified", async () => {
    const created = await send("POST", "/api/v1/users", admin, {
      username: "carl",
      email: "carl@acme.test",
      team_id: teamIds.writers,
    });
    idp.accounts.set("carl-at-idp", { email: "carl@acme.test" });
    const outcome = await browserSignIn(t.app, { account: "carl-at-idp" });
    expect(outcome.location).toBe("/login?error=sso_email_taken");
    expect(await userRow(created.json().id)).toMatchObject({ externalSubject: null });
  });

  it("keeps the last admin an admin, whatever the groups say", async () => {
    const others = await t.database.db
      .select()
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.isActive, true)));
    for (const other of others.filter((row) => row.id !== admin.userId)) {
      expect((await send("DELETE", `/api/v1/users/${other.id}`, admin)).statusCode).toBe(204);
    }
    idp.accounts.set("founder", { email: "admin@acme.test", email_verified: true, groups: [] });
    const founder = await me((await browserSignIn(t.app, { account: "founder" })).session);
    expect(founder).toMatchObject({ id: admin.userId, role: "admin" });
    expect(await events("user.role_changed", admin.userId)).toHaveLength(0);
  });
});

describe("refusals", () => {
  it("refuse an email outside the allowed domains, or unverified, creating nobody", async () => {
    idp.accounts.set("eve", { email: "eve@evil.test", email_verified: true });
    idp.accounts.set("unverified", { email: "unverified@acme.test", email_verified: false });
    for (const account of ["eve", "unverified"]) {
      const outcome = await browserSignIn(t.app, { account });
      expect(outcome, account).toEqual({ location: "/login?error=sso_domain_not_allowed", session: undefined });
    }
    const created = await t.database.db.select().from(users).where(eq(users.externalSubject, "eve"));
    expect(created).toHaveLength(0);
    const failures = await events("auth.sign_in_failed", null);
    expect(failures.map((event) => event.actorName)).toEqual(
      expect.arrayContaining(["eve@evil.test", "unverified@acme.test"]),
    );
  });

  it("refuse a tampered, missing or replayed transaction cookie", async () => {
    idp.accounts.set("mallory", { email: "mallory@acme.test", email_verified: true });
    const tamper = (cookie: string | undefined) => {
      const [header, payload, signature] = String(cookie).split(".");
      const claims = JSON.parse(Buffer.from(String(payload), "base64url").toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, next: "/admin" })).toString("base64url");
      return `${header}.${forged}.${signature}`;
    };
    for (const alterCookie of [tamper, () => undefined, () => "not-a-transaction"]) {
      const outcome = await browserSignIn(t.app, { account: "mallory", alterCookie });
      expect(outcome).toEqual({ location: "/login?error=sso_failed", session: undefined });
    }
    // A transaction from another sign-in does not match this answer's state.
    const other = await t.app.inject({ method: "GET", url: "/api/v1/auth/sso/login" });
    const foreign = other.cookies.find((entry) => entry.name === TRANSACTION_COOKIE)?.value;
    const outcome = await browserSignIn(t.app, { account: "mallory", alterCookie: () => foreign });
    expect(outcome.location).toBe("/login?error=sso_failed");
    expect(await t.database.db.select().from(users).where(eq(users.externalSubject, "mallory"))).toHaveLength(0);
  });

  it("explain a sign-in the person refused at the provider", async () => {
    idp.accounts.set("shy", { email: "shy@acme.test", email_verified: true });
    const outcome = await browserSignIn(t.app, { account: "shy", deny: true });
    expect(outcome).toEqual({ location: "/login?error=sso_denied", session: undefined });
  });
});

describe("next", () => {
  it("returns to a local path, and to / instead of anywhere else", async () => {
    idp.accounts.set("nina", { email: "nina@acme.test", email_verified: true });
    const cases: [string, string][] = [
      ["/prompts/greeting?tab=versions#v2", "/prompts/greeting?tab=versions#v2"],
      ["https://evil.example/phish", "/"],
      ["//evil.example/phish", "/"],
      ["/\\evil.example", "/"],
      ["javascript:alert(1)", "/"],
    ];
    for (const [next, expected] of cases) {
      const outcome = await browserSignIn(t.app, { account: "nina", next });
      expect(outcome.location, next).toBe(expected);
      expect(outcome.session, next).toBeTruthy();
    }
  });
});

describe("with password sign-in off", () => {
  let off: TestContext;
  let founder: Session;
  beforeAll(async () => {
    off = await createTestContext({ ...ssoEnv(idp.issuer), PASSWORD_LOGIN: "off" });
  });
  afterAll(async () => off?.close());

  it("still registers the first admin, and says only single sign-on is on", async () => {
    founder = await registerAdmin(off.app);
    expect(founder.userId).toBeTruthy();
    const providers = await off.app.inject({ method: "GET", url: "/api/v1/auth/providers" });
    expect(providers.json()).toEqual({
      password: false,
      sso: { name: "Acme ID", login_url: "/api/v1/auth/sso/login" },
    });
  });

  it("answers password sign-in and password invitation acceptance with 403", async () => {
    const login = await off.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "admin@acme.test", password: "correct-horse-battery" },
    });
    expect(login.statusCode).toBe(403);
    expect(login.json()).toMatchObject({ code: "password_login_disabled", detail: expect.stringMatching(/Acme ID/) });

    const invited = await sender(off.app)("POST", "/api/v1/auth/invitations", founder, {
      email: "joiner@acme.test",
      team_id: founder.teamId,
    });
    const accept = await off.app.inject({
      method: "POST",
      url: `/api/v1/auth/invitations/${invited.json().token}/accept`,
      payload: { username: "joiner", password: "joiner-password-1" },
    });
    expect(accept.statusCode).toBe(403);
    expect(accept.json().code).toBe("password_login_disabled");
  });

  it("signs people in with single sign-on", async () => {
    idp.accounts.set("olga", { email: "olga@acme.test", email_verified: true });
    const outcome = await browserSignIn(off.app, { account: "olga", next: "/teams" });
    expect(outcome.location).toBe("/teams");
    const response = await off.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      cookies: { pcp_session: outcome.session ?? "" },
    });
    expect(response.json()).toMatchObject({ username: "olga", role: "member" });
    const [root] = await off.database.db.select().from(teams).where(eq(teams.slug, "acme"));
    expect(response.json().team_id).toBe(root?.id);
  });
});

describe("before the organization exists", () => {
  it("sends the visitor back with sso_no_organization", async () => {
    const empty = await createTestContext(ssoEnv(idp.issuer));
    try {
      const outcome = await browserSignIn(empty.app, { account: "dana" });
      expect(outcome).toEqual({ location: "/login?error=sso_no_organization", session: undefined });
    } finally {
      await empty.close();
    }
  });
});

describe("while the provider is down", () => {
  it("starts, sends sign-ins back with sso_unavailable, and discovers the provider once it is back", async () => {
    const flaky = await startTestProvider({ redirectUri: CALLBACK, scopes: ["groups"] });
    await flaky.pause();
    const context = await createTestContext(ssoEnv(flaky.issuer));
    try {
      await registerAdmin(context.app);
      const down = await context.app.inject({ method: "GET", url: "/api/v1/auth/sso/login" });
      expect(down.statusCode).toBe(302);
      expect(down.headers.location).toBe("/login?error=sso_unavailable");
      await flaky.resume();
      flaky.accounts.set("back", { email: "back@acme.test", email_verified: true });
      const outcome = await browserSignIn(context.app, { account: "back" });
      expect(outcome.location).toBe("/");
    } finally {
      await context.close();
      await flaky.close();
    }
  });
});

describe("without single sign-on configured", () => {
  it("says so, and its routes answer 404", async () => {
    const plain = await createTestContext();
    try {
      const providers = await plain.app.inject({ method: "GET", url: "/api/v1/auth/providers" });
      expect(providers.json()).toEqual({ password: true, sso: null });
      const login = await plain.app.inject({ method: "GET", url: "/api/v1/auth/sso/login" });
      expect(login.statusCode).toBe(404);
      expect(login.json().code).toBe("sso_not_configured");
    } finally {
      await plain.close();
    }
  });
});
