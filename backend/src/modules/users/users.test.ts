import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTeamRow,
  createUserSession,
  registerAdmin,
  type Session,
  TEST_PASSWORD,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let admin: Session;

beforeAll(async () => {
  t = await createTestContext();
  admin = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

type Method = "GET" | "POST" | "PUT" | "DELETE";
const call = (method: Method, url: string, session?: Session, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: session?.auth, payload });

const member = (options: { teamId?: string; username?: string } = {}) =>
  createUserSession(t.app, t.database.db, { teamId: options.teamId ?? admin.teamId, username: options.username });

const tryLogin = (login: string, password: string) =>
  t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: login, password } });

const newUsername = () => unique("u").replace(/[^a-z0-9_-]/g, "");

describe("authentication", () => {
  it("answers 401 without credentials on every users route", async () => {
    const id = admin.userId;
    for (const [method, url] of [
      ["GET", "/users"],
      ["POST", "/users"],
      ["GET", `/users/${id}`],
      ["PUT", `/users/${id}`],
      ["DELETE", `/users/${id}`],
    ] as const) {
      const response = await call(method, url, undefined, method === "POST" || method === "PUT" ? {} : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe("POST /users", () => {
  it("lets an admin create a member without a password, who cannot sign in yet", async () => {
    const username = newUsername();
    const response = await call("POST", "/users", admin, {
      username,
      display_name: "New Person",
      email: `${username}@Acme.Test`,
      team_id: admin.teamId,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      username,
      display_name: "New Person",
      email: `${username}@acme.test`,
      team_id: admin.teamId,
      role: "member",
      is_active: true,
    });
    expect(Date.parse(body.created_at)).not.toBeNaN();
    expect(body).not.toHaveProperty("password_hash");
    expect((await tryLogin(username, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it("creates an admin with a password who can sign in", async () => {
    const username = newUsername();
    const response = await call("POST", "/users", admin, {
      username,
      team_id: admin.teamId,
      role: "admin",
      password: "another-long-password",
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ role: "admin", email: null, display_name: null });
    const login = await tryLogin(username, "another-long-password");
    expect(login.statusCode).toBe(200);
    expect(login.json().user.role).toBe("admin");
  });

  it("is for admins only", async () => {
    const someone = await member();
    const response = await call("POST", "/users", someone, { username: newUsername(), team_id: admin.teamId });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toBe("Admin access required");
  });

  it("refuses a taken username and a taken email separately with 409", async () => {
    const existing = await member();
    const sameName = await call("POST", "/users", admin, { username: existing.username, team_id: admin.teamId });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().detail).toBe(`Username '${existing.username}' already exists`);

    const email = `${existing.username}@acme.test`;
    const sameEmail = await call("POST", "/users", admin, {
      username: newUsername(),
      email: email.toUpperCase(),
      team_id: admin.teamId,
    });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json().detail).toBe(`Email '${email}' already exists`);
  });

  it("answers 404 for an unknown team", async () => {
    const response = await call("POST", "/users", admin, {
      username: newUsername(),
      team_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe("Team not found");
  });

  it("rejects bad input with 422 naming each field", async () => {
    const response = await call("POST", "/users", admin, {
      username: "Not Valid!",
      email: "not-an-email",
      team_id: "nope",
      role: "owner",
      password: "short",
    });
    expect(response.statusCode).toBe(422);
    const locs = response.json().detail.map((d: { loc: string[] }) => d.loc.join("."));
    expect(locs).toEqual(
      expect.arrayContaining(["body.username", "body.email", "body.team_id", "body.role", "body.password"]),
    );
  });
});

describe("GET /users", () => {
  let team: string;
  let alpha: Session;

  beforeAll(async () => {
    team = (await createTeamRow(t.database.db, {})).id;
    alpha = await member({ teamId: team, username: `alpha-${newUsername()}` });
    await member({ teamId: team, username: `beta-${newUsername()}` });
    await member({ teamId: team, username: `gamma-${newUsername()}` });
    await call("PUT", `/users/${alpha.userId}`, alpha, { display_name: "Zelda Quux" });
  });

  it("lists users of a team ordered by username, for any signed-in user", async () => {
    const response = await call("GET", `/users?team_id=${team}`, alpha);
    expect(response.statusCode).toBe(200);
    const { items, total } = response.json();
    expect(total).toBe(3);
    const names = items.map((u: { username: string }) => u.username);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toMatch(/^alpha-/);
    expect(items[0]).toHaveProperty("role", "member");
  });

  it("pages through results and reports the full total", async () => {
    const first = await call("GET", `/users?team_id=${team}&page=1&page_size=2`, admin);
    const second = await call("GET", `/users?team_id=${team}&page=2&page_size=2`, admin);
    expect(first.json().items).toHaveLength(2);
    expect(first.json().total).toBe(3);
    expect(second.json().items).toHaveLength(1);
    expect(second.json().items[0].username).toMatch(/^gamma-/);
  });

  it("searches username, display name and email case-insensitively", async () => {
    const byDisplayName = await call("GET", `/users?team_id=${team}&q=zELDA`, admin);
    expect(byDisplayName.json().items.map((u: { id: string }) => u.id)).toEqual([alpha.userId]);
    const byEmail = await call("GET", `/users?q=${encodeURIComponent(`${alpha.username}@ACME`)}`, admin);
    expect(byEmail.json().items.map((u: { id: string }) => u.id)).toEqual([alpha.userId]);
    const wildcard = await call("GET", `/users?team_id=${team}&q=%25`, admin);
    expect(wildcard.json().total).toBe(0);
  });

  it("filters by active flag", async () => {
    const gone = await member({ teamId: team });
    expect((await call("DELETE", `/users/${gone.userId}`, admin)).statusCode).toBe(204);
    const inactive = await call("GET", `/users?team_id=${team}&is_active=false`, admin);
    expect(inactive.json().items.map((u: { id: string }) => u.id)).toEqual([gone.userId]);
    const active = await call("GET", `/users?team_id=${team}&is_active=true`, admin);
    expect(active.json().total).toBe(3);
  });

  it("rejects out-of-range paging and malformed filters with 422", async () => {
    for (const query of ["page_size=0", "page_size=101", "page=0", "is_active=maybe", "team_id=42"]) {
      const response = await call("GET", `/users?${query}`, admin);
      expect(response.statusCode, query).toBe(422);
    }
  });
});

describe("GET /users/:user_id", () => {
  it("returns a user to any signed-in user", async () => {
    const someone = await member();
    const response = await call("GET", `/users/${admin.userId}`, someone);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: admin.userId, username: "admin", role: "admin" });
  });

  it("answers 404 for an unknown id and 422 for a malformed one", async () => {
    const missing = await call("GET", "/users/00000000-0000-4000-8000-000000000000", admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("User not found");
    const malformed = await call("GET", "/users/not-a-uuid", admin);
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().detail[0].loc).toEqual(["path", "user_id"]);
  });
});

describe("PUT /users/:user_id by the user themself", () => {
  it("changes their own display name and email", async () => {
    const me = await member();
    const email = `${newUsername()}@Example.test`;
    const response = await call("PUT", `/users/${me.userId}`, me, { display_name: "Me Myself", email });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ display_name: "Me Myself", email: email.toLowerCase() });
    const again = await call("GET", `/users/${me.userId}`, me);
    expect(again.json().email).toBe(email.toLowerCase());
  });

  it("refuses an email someone else has with 409", async () => {
    const me = await member();
    const other = await member();
    const response = await call("PUT", `/users/${me.userId}`, me, { email: `${other.username}@acme.test` });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe(`Email '${other.username}@acme.test' already exists`);
  });

  it("cannot edit another user", async () => {
    const me = await member();
    const other = await member();
    const response = await call("PUT", `/users/${other.userId}`, me, { display_name: "Hijacked" });
    expect(response.statusCode).toBe(403);
    expect((await call("GET", `/users/${other.userId}`, me)).json().display_name).not.toBe("Hijacked");
  });

  it("cannot change their role, team or active flag, and is told which field", async () => {
    const me = await member();
    const team = await createTeamRow(t.database.db, {});
    for (const [field, value] of [
      ["role", "admin"],
      ["team_id", team.id],
      ["is_active", false],
    ] as const) {
      const response = await call("PUT", `/users/${me.userId}`, me, { [field]: value });
      expect(response.statusCode, field).toBe(403);
      expect(response.json().detail).toBe(`Only admins may change '${field}'`);
    }
    const after = await call("GET", "/auth/me", me);
    expect(after.json()).toMatchObject({ role: "member", team_id: admin.teamId, is_active: true });
  });

  it("may re-send unchanged admin-only fields with a profile edit", async () => {
    const me = await member();
    const response = await call("PUT", `/users/${me.userId}`, me, {
      display_name: "Same Role",
      role: "member",
      team_id: admin.teamId,
      is_active: true,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().display_name).toBe("Same Role");
  });

  it("asks an admin for the current password too when changing their own", async () => {
    const missing = await call("PUT", `/users/${admin.userId}`, admin, { password: "admin-new-password" });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail).toBe("Send current_password to change your password");
    const wrong = await call("PUT", `/users/${admin.userId}`, admin, {
      password: "admin-new-password",
      current_password: "not-the-password",
    });
    expect(wrong.statusCode).toBe(403);
    expect((await tryLogin(admin.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("changes their password only with the current one", async () => {
    const me = await member();
    const missing = await call("PUT", `/users/${me.userId}`, me, { password: "brand-new-password" });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail).toBe("Send current_password to change your password");

    const wrong = await call("PUT", `/users/${me.userId}`, me, {
      password: "brand-new-password",
      current_password: "not-my-password",
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().detail).toBe("Current password is incorrect");
    expect((await tryLogin(me.username, TEST_PASSWORD)).statusCode).toBe(200);

    const tooShort = await call("PUT", `/users/${me.userId}`, me, {
      password: "short",
      current_password: TEST_PASSWORD,
    });
    expect(tooShort.statusCode).toBe(422);

    const changed = await call("PUT", `/users/${me.userId}`, me, {
      password: "brand-new-password",
      current_password: TEST_PASSWORD,
    });
    expect(changed.statusCode).toBe(200);
    expect((await tryLogin(me.username, "brand-new-password")).statusCode).toBe(200);
    expect((await tryLogin(me.username, TEST_PASSWORD)).statusCode).toBe(401);
  });
});

describe("PUT /users/:user_id by an admin", () => {
  it("changes role, team and display name", async () => {
    const someone = await member();
    const team = await createTeamRow(t.database.db, {});
    const response = await call("PUT", `/users/${someone.userId}`, admin, {
      role: "admin",
      team_id: team.id,
      display_name: "Promoted",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ role: "admin", team_id: team.id, display_name: "Promoted" });
    const me = await call("GET", "/auth/me", someone);
    expect(me.json().role).toBe("admin");
  });

  it("sets a password without the current one", async () => {
    const someone = await member();
    const response = await call("PUT", `/users/${someone.userId}`, admin, { password: "set-by-the-admin" });
    expect(response.statusCode).toBe(200);
    expect((await tryLogin(someone.username, "set-by-the-admin")).statusCode).toBe(200);
  });

  it("deactivates and reactivates a user", async () => {
    const someone = await member();
    const off = await call("PUT", `/users/${someone.userId}`, admin, { is_active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json().is_active).toBe(false);
    expect((await call("GET", "/auth/me", someone)).statusCode).toBe(401);
    const on = await call("PUT", `/users/${someone.userId}`, admin, { is_active: true });
    expect(on.json().is_active).toBe(true);
    // The sessions from before stay ended; signing in works again.
    expect((await call("GET", "/auth/me", someone)).json().code).toBe("session_ended");
    expect((await tryLogin(someone.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("answers 404 for an unknown team or user and 422 for bad fields", async () => {
    const someone = await member();
    const team = await call("PUT", `/users/${someone.userId}`, admin, {
      team_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(team.statusCode).toBe(404);
    expect(team.json().detail).toBe("Team not found");
    const user = await call("PUT", "/users/00000000-0000-4000-8000-000000000000", admin, { display_name: "x" });
    expect(user.statusCode).toBe(404);
    expect(user.json().detail).toBe("User not found");
    const bad = await call("PUT", `/users/${someone.userId}`, admin, { role: "root", email: "nope" });
    expect(bad.statusCode).toBe(422);
    const malformed = await call("PUT", "/users/123", admin, { display_name: "x" });
    expect(malformed.statusCode).toBe(422);
  });
});

describe("DELETE /users/:user_id", () => {
  it("deactivates the user and revokes their keys; their session and login stop working", async () => {
    const someone = await member();
    const created = await call("POST", "/api-keys", someone, { name: "ci", scopes: ["read"] });
    expect(created.statusCode).toBe(201);
    const rawKey = created.json().raw_key as string;

    const response = await call("DELETE", `/users/${someone.userId}`, admin);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");

    expect((await call("GET", "/auth/me", someone)).statusCode).toBe(401);
    expect((await tryLogin(someone.username, TEST_PASSWORD)).statusCode).toBe(401);
    const byKey = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${rawKey}` },
    });
    expect(byKey.statusCode).toBe(401);

    const kept = await call("GET", `/users/${someone.userId}`, admin);
    expect(kept.statusCode).toBe(200);
    expect(kept.json().is_active).toBe(false);
    const keys = await call("GET", `/users/${someone.userId}/api-keys`, admin);
    expect(keys.json().map((k: { is_active: boolean }) => k.is_active)).toEqual([false]);

    // Reactivating restores the account, not the revoked keys.
    await call("PUT", `/users/${someone.userId}`, admin, { is_active: true });
    const keyAfter = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${rawKey}` },
    });
    expect(keyAfter.statusCode).toBe(401);
  });

  it("is for admins only", async () => {
    const me = await member();
    const other = await member();
    const response = await call("DELETE", `/users/${other.userId}`, me);
    expect(response.statusCode).toBe(403);
    expect((await call("GET", "/auth/me", other)).statusCode).toBe(200);
  });

  it("answers 404 for an unknown user and 422 for a malformed id", async () => {
    const missing = await call("DELETE", "/users/00000000-0000-4000-8000-000000000000", admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("User not found");
    expect((await call("DELETE", "/users/nope", admin)).statusCode).toBe(422);
  });
});

describe("the last active admin", () => {
  let fresh: TestContext;
  let founder: Session;

  beforeAll(async () => {
    fresh = await createTestContext();
    founder = await registerAdmin(fresh.app);
  });
  afterAll(async () => fresh?.close());

  const freshCall = (method: Method, url: string, session: Session, payload?: object) =>
    fresh.app.inject({ method, url: `/api/v1${url}`, headers: session.auth, payload });

  it("cannot be demoted, deactivated or deleted", async () => {
    for (const payload of [{ role: "member" }, { is_active: false }]) {
      const response = await freshCall("PUT", `/users/${founder.userId}`, founder, payload);
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toBe("Cannot remove the last active admin");
    }
    const deletion = await freshCall("DELETE", `/users/${founder.userId}`, founder);
    expect(deletion.statusCode).toBe(409);
    expect(deletion.json().detail).toBe("Cannot remove the last active admin");
    const me = await freshCall("GET", "/auth/me", founder);
    expect(me.json()).toMatchObject({ role: "admin", is_active: true });
  });

  it("can step down once another active admin exists", async () => {
    const second = await createUserSession(fresh.app, fresh.database.db, { teamId: founder.teamId, role: "admin" });
    const response = await freshCall("PUT", `/users/${founder.userId}`, founder, { role: "member" });
    expect(response.statusCode).toBe(200);
    expect(response.json().role).toBe("member");
    const last = await freshCall("DELETE", `/users/${second.userId}`, second);
    expect(last.statusCode).toBe(409);
  });
});

describe("password guessing through PUT", () => {
  it("is rate-limited when current_password is sent", async () => {
    const limited = await createTestContext({ AUTH_RATE_LIMIT_MAX: "2" });
    try {
      const founder = await registerAdmin(limited.app);
      const me = await createUserSession(limited.app, limited.database.db, { teamId: founder.teamId });
      const guess = () =>
        limited.app.inject({
          method: "PUT",
          url: `/api/v1/users/${me.userId}`,
          headers: me.auth,
          payload: { password: "a-new-password", current_password: "guess-guess" },
        });
      expect((await guess()).statusCode).toBe(403);
      expect((await guess()).statusCode).toBe(403);
      const blocked = await guess();
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().code).toBe("rate_limited");
      const profileEdit = await limited.app.inject({
        method: "PUT",
        url: `/api/v1/users/${me.userId}`,
        headers: me.auth,
        payload: { display_name: "Still editable" },
      });
      expect(profileEdit.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
