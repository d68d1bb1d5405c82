import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LISTENER_APPLICATION_NAME } from "../../db/change-feed.js";
import type { Db } from "../../db/client.js";
import { policies, prompts, promptVersions } from "../../db/schema.js";
import type { Principal } from "../../http/types.js";
import { countingDb } from "../../test/counting-db.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { toAuthUser } from "../auth/principal.js";
import { findUserById } from "../users/users.repository.js";
import { resolveExpansion } from "./expansion.service.js";

// Expansions are served from a per-process read cache; these tests prove it never serves what a
// write (through this process, straight to the database, or while the change listener is down)
// has made stale.

let t: TestContext;
let db: Db;
let admin: Session;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

/** A member of a new team with one prepend policy, and a public prompt that shows the policies. */
async function fixture() {
  const team = await createTeamRow(db, { parentTeamId: admin.teamId });
  const member = await createUserSession(t.app, db, { teamId: team.id });
  const [policy] = await db
    .insert(policies)
    .values({ teamId: team.id, name: unique("policy"), enforcementType: "prepend", content: "first rule" })
    .returning();
  const name = unique("cached").toLowerCase();
  const [prompt] = await db.insert(prompts).values({ name, userId: admin.userId, visibility: "public" }).returning();
  if (!prompt || !policy) throw new Error("fixture rows missing");
  await addVersion(prompt.id, "1.0.0", "Hello v1");
  return { member, policy, name, promptId: prompt.id, teamId: team.id };
}

/** A new version, made the latest as the API would. */
async function addVersion(promptId: string, version: string, userTemplate: string) {
  const [row] = await db
    .insert(promptVersions)
    .values({ promptId, version, userTemplate, inputSchema: {} })
    .returning();
  await db.update(prompts).set({ latestVersionId: row?.id }).where(eq(prompts.id, promptId));
}

async function expand(name: string, session: Session) {
  const response = await t.app.inject({
    method: "POST",
    url: `/api/v1/expand/${name}`,
    headers: session.auth,
    payload: { input: {} },
  });
  expect(response.statusCode).toBe(200);
  return response.json() as { system_message: string | null; user_message: string };
}

async function principalOf(session: Session): Promise<Principal> {
  const user = await findUserById(db, session.userId);
  if (!user) throw new Error("no user");
  return { user: toAuthUser(user), via: "jwt" };
}

describe("expansion read cache", () => {
  it("serves a repeated expansion without a database round trip", async () => {
    const { member, name } = await fixture();
    // The fixture wrote straight to the database: a notification of it arriving between the two
    // expansions would rightly empty the cache, so it is taken in first.
    await t.changesSeen();
    const counter = countingDb(t.database, { readCache: true });
    const principal = await principalOf(member);
    await resolveExpansion(counter.db, principal, { name, input: {} });
    const cold = counter.statements();
    expect(cold).toBeGreaterThan(0);
    const again = await resolveExpansion(counter.db, principal, { name, input: {} });
    expect(again.systemMessage).toBe("first rule");
    expect(counter.statements()).toBe(cold);
  });

  it("answers with a change made through the API at once: the service that wrote marks the cache stale", async () => {
    const { member, name, policy } = await fixture();
    expect((await expand(name, member)).system_message).toBe("first rule");
    // Counted here because on a fast server the database's own notification may arrive first.
    const changes = t.database.changes;
    const touch = changes.touch;
    let touches = 0;
    changes.touch = (topic) => {
      touches++;
      touch(topic);
    };
    try {
      const updated = await t.app.inject({
        method: "PUT",
        url: `/api/v1/policies/${policy.id}`,
        headers: admin.auth,
        payload: { content: "second rule" },
      });
      expect(updated.statusCode).toBe(200);
      expect(touches).toBe(1);
      expect((await expand(name, member)).system_message).toBe("second rule");
      expect(touches).toBe(1);
      // Refused and unrouted writes changed nothing: they leave the cache alone.
      const missing = await t.app.inject({
        method: "PUT",
        url: "/api/v1/policies/00000000-0000-4000-8000-000000000000",
        headers: admin.auth,
        payload: { content: "x" },
      });
      expect(missing.statusCode).toBe(404);
      expect((await t.app.inject({ method: "POST", url: "/api/v1/no-such-route" })).statusCode).toBe(404);
      expect(touches).toBe(1);
    } finally {
      changes.touch = touch;
    }
  });

  // Under heavy machine load the change feed may miss a heartbeat and reconnect, which rightly
  // drops every cached entry; a retry tells that apart from a write that wrongly marks them stale.
  it("keeps its entries through writes to nothing it holds: logouts, with a session or without, and a new API key", {
    retry: 2,
  }, async () => {
    const { member, name } = await fixture();
    const counter = countingDb(t.database, { readCache: true });
    const principal = await principalOf(member);
    await t.changesSeen();
    await resolveExpansion(counter.db, principal, { name, input: {} });
    const cold = counter.statements();
    const generation = t.database.changes.generation("data");

    const post = (url: string, headers = {}, payload?: object) =>
      t.app.inject({ method: "POST", url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
    expect((await post("/auth/logout")).statusCode).toBe(204);
    expect((await post("/api-keys", member.auth, { name: unique("key"), scopes: ["read"] })).statusCode).toBe(201);
    expect((await post("/auth/logout", member.auth)).statusCode).toBe(204);
    // Whatever those writes made the database send has arrived once a later notification has.
    await t.changesSeen("identities");

    expect(t.database.changes.generation("data")).toBe(generation);
    await resolveExpansion(counter.db, principal, { name, input: {} });
    expect(counter.statements()).toBe(cold);
  });

  it("is marked stale by every service that writes what it holds, and by no other", async () => {
    const member = await createUserSession(t.app, db, { teamId: admin.teamId });
    const changes = t.database.changes;
    const touch = changes.touch;
    let touched: string[] = [];
    changes.touch = (topic) => {
      touched.push(topic);
      touch(topic);
    };
    /** Sends one write as the admin and says which topics it marked stale. */
    const write = async (method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, payload?: object) => {
      touched = [];
      const response = await t.app.inject({
        method,
        url: `/api/v1${url}`,
        headers: admin.auth,
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
      return { body: response.body ? response.json() : null, touched };
    };
    const dataWrite = async (...args: Parameters<typeof write>) => {
      const { body, touched } = await write(...args);
      expect(touched, `${args[0]} ${args[1]}`).toContain("data");
      return body;
    };
    const otherWrite = async (...args: Parameters<typeof write>) => {
      const { touched } = await write(...args);
      expect(touched, `${args[0]} ${args[1]}`).not.toContain("data");
    };
    try {
      const team = await dataWrite("POST", "/teams", {
        name: "Cached",
        slug: unique("t"),
        parent_team_id: admin.teamId,
      });
      await dataWrite("PUT", `/teams/${team.id}`, { name: "Renamed" });
      const middle = await dataWrite("POST", `/teams/insert-between/${team.id}`, { name: "Middle", slug: unique("t") });
      const policy = await dataWrite("POST", "/policies", {
        team_id: team.id,
        name: unique("p"),
        enforcement_type: "prepend",
        content: "x",
      });
      await dataWrite("PUT", `/policies/${policy.id}`, { content: "y" });
      await dataWrite("DELETE", `/policies/${policy.id}`);
      const objective = await dataWrite("POST", "/objectives", { team_id: team.id, title: "Ship" });
      await dataWrite("PUT", `/objectives/${objective.id}`, { title: "Ship it" });
      await dataWrite("DELETE", `/objectives/${objective.id}`);
      const project = await dataWrite("POST", "/projects", { team_id: team.id, name: "P", slug: unique("p") });
      await dataWrite("PUT", `/projects/${project.id}`, { name: "Q" });
      await dataWrite("POST", `/projects/${project.id}/members`, { user_id: member.userId });
      await dataWrite("DELETE", `/projects/${project.id}/members/${member.userId}`);
      await dataWrite("DELETE", `/projects/${project.id}`);
      const name = unique("p");
      await dataWrite("POST", "/prompts", { name, visibility: "org", version: { version: "1", user_template: "a" } });
      await dataWrite("PUT", `/prompts/${name}`, { version: "2", user_template: "b" });
      await dataWrite("PATCH", `/prompts/${name}`, { description: "d" });
      await dataWrite("POST", `/prompts/${name}/rollback/1`);
      await dataWrite("DELETE", `/prompts/${name}/pin`);
      await dataWrite("POST", `/prompts/${name}/shares`, { user_id: member.userId });
      await dataWrite("DELETE", `/prompts/${name}/shares/${member.userId}`);
      await dataWrite("DELETE", `/prompts/${name}`);
      await dataWrite("POST", `/prompts/${name}/restore`);
      const user = await dataWrite("POST", "/users", { username: unique("u"), team_id: team.id });
      await dataWrite("PUT", `/users/${user.id}`, { team_id: middle.id });
      await dataWrite("DELETE", `/teams/${team.id}`);

      await otherWrite("PUT", `/users/${user.id}`, { display_name: "New name" });
      await otherWrite("DELETE", `/users/${user.id}`);
      await otherWrite("POST", "/api-keys", { name: unique("k"), scopes: ["read"] });
      const invitation = await write("POST", "/auth/invitations", {
        email: `${unique("i")}@acme.test`,
        team_id: middle.id,
      });
      expect(invitation.touched).not.toContain("data");
      await dataWrite("POST", `/auth/invitations/${invitation.body.token}/accept`, {
        username: unique("invited"),
        password: "invited-password",
      });
      await otherWrite("POST", "/auth/logout");
    } finally {
      changes.touch = touch;
    }
  });

  it("sees changes written straight to the database, as another process would", async () => {
    const { member, name, policy, promptId } = await fixture();
    expect(await expand(name, member)).toMatchObject({ system_message: "first rule", user_message: "Hello v1" });
    await db.update(policies).set({ content: "rule from elsewhere" }).where(eq(policies.id, policy.id));
    await addVersion(promptId, "2.0.0", "Hello v2");
    // The database notifies every listening process at commit; delivery is asynchronous on a server.
    await expect
      .poll(async () => expand(name, member), { timeout: 5_000, interval: 20 })
      .toMatchObject({ system_message: "rule from elsewhere", user_message: "Hello v2" });
  });

  it("reads from the database every time with READ_CACHE=off", async () => {
    const uncached = await createTestContext({ READ_CACHE: "off" });
    try {
      const session = await registerAdmin(uncached.app);
      const user = await findUserById(uncached.database.db, session.userId);
      if (!user) throw new Error("no user");
      const name = unique("uncached").toLowerCase();
      const [prompt] = await uncached.database.db
        .insert(prompts)
        .values({ name, userId: session.userId, visibility: "public" })
        .returning();
      const [version] = await uncached.database.db
        .insert(promptVersions)
        .values({ promptId: prompt?.id as string, version: "1.0.0", userTemplate: "Hi", inputSchema: {} })
        .returning();
      await uncached.database.db
        .update(prompts)
        .set({ latestVersionId: version?.id })
        .where(eq(prompts.id, prompt?.id as string));
      const counter = countingDb(uncached.database, { readCache: true });
      const principal: Principal = { user: toAuthUser(user), via: "jwt" };
      await resolveExpansion(counter.db, principal, { name, input: {} });
      const once = counter.statements();
      await resolveExpansion(counter.db, principal, { name, input: {} });
      expect(counter.statements()).toBe(2 * once);
    } finally {
      await uncached.close();
    }
  });

  it.runIf(process.env.TEST_DB === "postgres")(
    "reads from the database while the change listener is down, and caches again once it is back",
    async () => {
      const { member, name, policy } = await fixture();
      await expand(name, member);
      const admin = new pg.Client({ connectionString: t.databaseUrl as string });
      await admin.connect();
      try {
        const cut = await admin.query(
          "select pg_terminate_backend(pid) as cut from pg_stat_activity where application_name = $1 and datname = current_database()",
          [LISTENER_APPLICATION_NAME],
        );
        expect(cut.rows).toEqual([{ cut: true }]);
      } finally {
        await admin.end();
      }
      await expect.poll(() => t.database.changes.live, { timeout: 5_000 }).toBe(false);
      // No notification can arrive now: only reading through keeps this fresh.
      await db.update(policies).set({ content: "changed while deaf" }).where(eq(policies.id, policy.id));
      expect((await expand(name, member)).system_message).toBe("changed while deaf");

      await expect.poll(() => t.database.changes.live, { timeout: 10_000 }).toBe(true);
      const counter = countingDb(t.database, { readCache: true });
      const principal = await principalOf(member);
      await resolveExpansion(counter.db, principal, { name, input: {} });
      const cold = counter.statements();
      await resolveExpansion(counter.db, principal, { name, input: {} });
      expect(counter.statements()).toBe(cold);
    },
  );
});
