import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../db/schema.js";
import { registerAdmin, type Session, sender } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import {
  browserSignIn,
  startFakeOpenShiftApi,
  startTestProvider,
  TEST_CLIENT,
  type TestProvider,
} from "../../test/oidc-provider.js";

/**
 * OpenShift's OAuth server speaks OAuth 2.0 without OpenID Connect: the metadata comes from the
 * cluster's API, no ID token is issued, and who signed in is read from the API's `users/~`.
 * Here `oidc-provider` plays the OAuth server and a small server the cluster's API.
 */

const PUBLIC_URL = "http://spechub.test";

let idp: TestProvider;
let api: { url: string; close(): Promise<void> };
let t: TestContext;
let admin: Session;
let platformTeamId: string;

beforeAll(async () => {
  idp = await startTestProvider({ redirectUri: `${PUBLIC_URL}/api/v1/auth/sso/callback`, scopes: ["user:info"] });
  api = await startFakeOpenShiftApi(idp);
  t = await createTestContext({
    PUBLIC_URL,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: TEST_CLIENT.id,
    OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
    OIDC_PROVIDER_NAME: "OpenShift",
    OIDC_OPENSHIFT_API_URL: api.url,
    // Does not apply: the cluster tells no emails.
    OIDC_ALLOWED_EMAIL_DOMAINS: "acme.test",
    OIDC_GROUP_RULES: JSON.stringify([{ group: "cluster-admins", team: "platform", role: "admin" }]),
  });
  admin = await registerAdmin(t.app);
  const created = await sender(t.app)("POST", "/api/v1/teams", admin, {
    name: "Platform",
    slug: "platform",
    parent_team_id: admin.teamId,
  });
  platformTeamId = created.json().id;
});
afterAll(async () => {
  await t?.close();
  await api?.close();
  await idp?.close();
});

const me = async (session: string | undefined) =>
  (await t.app.inject({ method: "GET", url: "/api/v1/auth/me", cookies: { pcp_session: session ?? "" } })).json();

describe("single sign-on with OpenShift's OAuth server", () => {
  it("asks for user:info without a nonce", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/auth/sso/login" });
    const target = new URL(String(response.headers.location));
    expect(target.origin).toBe(idp.issuer);
    expect(target.searchParams.get("scope")).toBe("user:info");
    expect(target.searchParams.get("nonce")).toBeNull();
    expect(target.searchParams.get("code_challenge_method")).toBe("S256");
  });

  it("creates the cluster user by uid, with the cluster's name and groups, ignoring the email domain rule", async () => {
    idp.accounts.set("alice", { uid: "6f1c-alice-uid", name: "Alice Liddell", groups: ["cluster-admins"] });
    const outcome = await browserSignIn(t.app, { account: "alice", next: "/teams" });
    expect(outcome.location).toBe("/teams");
    const alice = await me(outcome.session);
    expect(alice).toMatchObject({
      username: "alice",
      display_name: "Alice Liddell",
      email: null,
      role: "admin",
      team_id: platformTeamId,
    });
    const [row] = await t.database.db.select().from(users).where(eq(users.id, alice.id));
    expect(row).toMatchObject({ externalIssuer: idp.issuer, externalSubject: "6f1c-alice-uid" });
  });

  it("finds the same user again by uid, into the root team when no rule matches", async () => {
    idp.accounts.set("bert", { uid: "bert-uid" });
    const first = await me((await browserSignIn(t.app, { account: "bert" })).session);
    expect(first).toMatchObject({ username: "bert", display_name: "bert", team_id: admin.teamId, role: "member" });
    const again = await me((await browserSignIn(t.app, { account: "bert" })).session);
    expect(again.id).toBe(first.id);
  });

  it("refuses a sign-in when the cluster will not say who it is", async () => {
    // No uid: the cluster's answer lacks what SpecHub keys accounts by.
    idp.accounts.set("ghost", {});
    const outcome = await browserSignIn(t.app, { account: "ghost" });
    expect(outcome).toEqual({ location: "/login?error=sso_failed", session: undefined });
  });
});

describe("an OpenShift issuer that does not match the cluster's metadata", () => {
  it("is unavailable rather than trusted", async () => {
    const wrong = await createTestContext({
      PUBLIC_URL,
      OIDC_ISSUER: "https://oauth-openshift.apps.elsewhere.example",
      OIDC_CLIENT_ID: TEST_CLIENT.id,
      OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
      OIDC_OPENSHIFT_API_URL: api.url,
    });
    try {
      await registerAdmin(wrong.app);
      const response = await wrong.app.inject({ method: "GET", url: "/api/v1/auth/sso/login" });
      expect(response.headers.location).toBe("/login?error=sso_unavailable");
    } finally {
      await wrong.close();
    }
  });
});
