import { and, asc, desc, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { auditEvents } from "../../db/schema.js";
import {
  createGovernanceOrg,
  createUserSession,
  type GovernanceOrg,
  type Session,
  sender,
  TEST_PASSWORD,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let db: Db;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;

type Row = typeof auditEvents.$inferSelect;

/** Sends the request and returns it with the events it wrote (matched by its request id), oldest first. */
async function act(
  session: Session | null,
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  const [last] = await db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...(session?.auth ?? {}), ...headers },
    ...(payload ? { payload } : {}),
  });
  const events: Row[] = await db
    .select()
    .from(auditEvents)
    .where(and(gt(auditEvents.id, last?.id ?? 0), eq(auditEvents.requestId, String(response.headers["x-request-id"]))))
    .orderBy(asc(auditEvents.id));
  return { response, events, actions: events.map((event) => event.action) };
}

const ok = (response: { statusCode: number; body: string }) => {
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.body ? JSON.parse(response.body) : null;
};

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, db);
});
afterAll(async () => t?.close());

describe("team events", () => {
  it("say what changed: renaming, re-owning and moving each have their event, on the team itself", async () => {
    const slug = unique("moved").toLowerCase();
    const team = ok(
      (await act(org.admin, "POST", "/teams", { name: slug, slug, parent_team_id: org.ownedTeamId })).response,
    );
    const { actions, events } = await act(org.admin, "PUT", `/teams/${team.id}`, {
      name: "Renamed",
      owner_id: org.member.userId,
      parent_team_id: org.siblingTeamId,
    });
    expect(actions).toEqual(["team.updated", "team.owner_changed", "team.moved"]);
    expect(events.map((event) => [event.teamId, event.changes])).toEqual([
      [team.id, { before: { name: slug }, after: { name: "Renamed" } }],
      [team.id, { before: { owner_id: null }, after: { owner_id: org.member.userId } }],
      [team.id, { before: { parent_team_id: org.ownedTeamId }, after: { parent_team_id: org.siblingTeamId } }],
    ]);
    // Saving the same values again changes nothing, and records nothing.
    expect((await act(org.admin, "PUT", `/teams/${team.id}`, { name: "Renamed" })).actions).toEqual([]);
  });

  it("file a deleted team under its parent, whose owners may delete it", async () => {
    const slug = unique("gone").toLowerCase();
    const team = ok(
      (await act(org.owner, "POST", "/teams", { name: slug, slug, parent_team_id: org.ownedTeamId })).response,
    );
    const { events } = await act(org.owner, "DELETE", `/teams/${team.id}`);
    expect(events).toMatchObject([
      {
        action: "team.deleted",
        targetId: team.id,
        teamId: org.ownedTeamId,
        changes: { before: { slug }, after: null },
      },
    ]);
  });

  it("record an inserted team and the move of the team it went above", async () => {
    const slug = unique("above").toLowerCase();
    const { response, actions, events } = await act(org.admin, "POST", `/teams/insert-between/${org.subTeamId}`, {
      name: slug,
      slug,
    });
    const inserted = ok(response);
    expect(actions).toEqual(["team.created", "team.moved"]);
    expect(events[1]).toMatchObject({
      targetId: org.subTeamId,
      changes: { before: { parent_team_id: org.ownedTeamId }, after: { parent_team_id: inserted.id } },
    });
  });
});

describe("user events", () => {
  it("record profile, role, team, activation and password changes apart, never the password", async () => {
    const username = unique("changed").toLowerCase();
    const user = ok(
      (await act(org.admin, "POST", "/users", { username, team_id: org.subTeamId, password: "first-password-1" }))
        .response,
    );
    const { actions, events } = await act(org.admin, "PUT", `/users/${user.id}`, {
      display_name: "New Name",
      role: "admin",
      team_id: org.siblingTeamId,
      is_active: false,
      password: "second-password-2",
    });
    expect(actions).toEqual([
      "user.updated",
      "user.role_changed",
      "user.team_changed",
      "user.deactivated",
      "user.password_changed",
    ]);
    expect(events.every((event) => event.teamId === org.siblingTeamId && event.targetName === username)).toBe(true);
    expect(events[1]?.changes).toEqual({ before: { role: "member" }, after: { role: "admin" } });
    expect(events[4]?.changes).toBeNull();
    expect(JSON.stringify(events)).not.toContain("password-");
    expect((await act(org.admin, "PUT", `/users/${user.id}`, { is_active: true })).actions).toEqual([
      "user.reactivated",
    ]);
  });

  it("record a deactivation with the keys it revoked", async () => {
    const username = unique("leaver").toLowerCase();
    const user = ok((await act(org.admin, "POST", "/users", { username, team_id: org.subTeamId })).response);
    ok((await act(org.admin, "POST", `/users/${user.id}/api-keys`, { name: "k" })).response);
    const { events } = await act(org.admin, "DELETE", `/users/${user.id}`);
    expect(events).toMatchObject([
      {
        action: "user.deactivated",
        teamId: org.subTeamId,
        changes: { before: { is_active: true, revoked_api_keys: 0 }, after: { is_active: false, revoked_api_keys: 1 } },
      },
    ]);
  });
});

describe("sign-in events", () => {
  it("record a failed sign-in with the name tried and where it came from, and no password", async () => {
    const { response, events } = await act(null, "POST", "/auth/login", {
      email: "Nobody@Acme.test",
      password: "wrong-guess-123",
    });
    expect(response.statusCode).toBe(401);
    expect(events).toMatchObject([
      {
        action: "auth.sign_in_failed",
        actorType: "anonymous",
        actorUserId: null,
        actorName: "Nobody@Acme.test",
        targetType: "user",
        targetId: null,
        clientAddress: "127.0.0.1",
        channel: "rest",
      },
    ]);
    const known = await act(null, "POST", "/auth/login", { username: org.member.username, password: "wrong-guess-1" });
    expect(known.events[0]).toMatchObject({ targetId: org.member.userId, teamId: org.subTeamId });
    expect(JSON.stringify([...events, ...known.events])).not.toContain("wrong-guess");
  });

  it("record a sign-in, as the user, and a sign-out through the web UI's cookie", async () => {
    // Signing out ends every session of the user: someone of their own.
    const leaver = await createUserSession(t.app, db, { teamId: org.subTeamId });
    const { response, events } = await act(null, "POST", "/auth/login", {
      username: leaver.username,
      password: TEST_PASSWORD,
    });
    expect(events).toMatchObject([
      { action: "auth.signed_in", actorType: "user", actorUserId: leaver.userId, teamId: org.subTeamId },
    ]);
    const cookie = `pcp_session=${ok(response).token}`;
    const out = await act(null, "POST", "/auth/logout", undefined, { cookie });
    expect(out.events).toMatchObject([{ action: "auth.signed_out", channel: "web", actorUserId: leaver.userId }]);
  });

  it("record the organization's founding by its first admin", async () => {
    const founded = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actorUserId, org.admin.userId))
      .orderBy(asc(auditEvents.id))
      .limit(3);
    expect(founded.map((event) => [event.action, event.targetId])).toEqual([
      ["user.created", org.admin.userId],
      ["team.created", org.admin.teamId],
      ["auth.registered", org.admin.userId],
    ]);
  });
});

describe("invitation and API key events", () => {
  it("record an acceptance by the new user, with the account it created", async () => {
    const invited = ok(
      (
        await act(org.owner, "POST", "/auth/invitations", {
          email: `${unique("new")}@acme.test`,
          team_id: org.subTeamId,
        })
      ).response,
    );
    const username = unique("joined").toLowerCase();
    const { response, events } = await act(null, "POST", `/auth/invitations/${invited.token}/accept`, {
      username,
      password: "joining-password-1",
    });
    const joined = ok(response);
    expect(events.map((event) => [event.action, event.actorUserId, event.teamId])).toEqual([
      ["user.created", joined.user.id, org.subTeamId],
      ["invitation.accepted", joined.user.id, org.subTeamId],
    ]);
    expect(JSON.stringify(events)).not.toContain(invited.token);
  });

  it("name the key that acted, and channel the CLI by its user agent", async () => {
    const created = ok(
      (await act(org.member, "POST", "/api-keys", { name: "cli", scopes: ["read", "write"] })).response,
    );
    const key = { ...org.member, auth: { authorization: `Bearer ${created.raw_key}` } };
    const { events } = await act(
      key,
      "POST",
      "/workflows",
      { name: unique("by-key") },
      { "user-agent": "spechub-cli/1.0" },
    );
    expect(events).toMatchObject([
      {
        action: "workflow.created",
        actorType: "api_key",
        apiKeyId: created.key.id,
        channel: "cli",
        teamId: org.subTeamId,
      },
    ]);
    const revoked = await act(org.admin, "DELETE", `/api-keys/${created.key.id}`);
    expect(revoked.events).toMatchObject([
      { action: "api_key.revoked", actorUserId: org.admin.userId, teamId: org.subTeamId, targetName: "cli" },
    ]);
    expect((await act(org.admin, "DELETE", `/api-keys/${created.key.id}`)).actions).toEqual([]);
  });

  it("mark the operator token's actions as the operator's", async () => {
    const operator = { ...org.admin, auth: { authorization: "Bearer operator-token-for-tests" } };
    const { events } = await act(operator, "PATCH", "/settings", { audit_retention_days: 400 });
    expect(events).toMatchObject([{ action: "settings.changed", actorType: "operator", teamId: null }]);
  });
});

describe("governance and project events", () => {
  it("file a policy under its team, its project's team or its user's team, and org-wide ones under none", async () => {
    const body = { name: "p", enforcement_type: "append", content: "x" };
    const cases: [Record<string, string>, string | null][] = [
      [{ team_id: org.ownedTeamId }, org.ownedTeamId],
      [{ project_id: org.projectId }, org.subTeamId],
      [{ user_id: org.outsider.userId }, org.siblingTeamId],
    ];
    for (const [owner, teamId] of cases) {
      const { events } = await act(org.admin, "POST", "/policies", { ...body, ...owner });
      expect(events).toMatchObject([{ action: "policy.created", teamId }]);
    }
    const personal = await act(org.member, "POST", "/objectives", { user_id: org.member.userId, title: "Learn" });
    const objective = ok(personal.response);
    expect(personal.events).toMatchObject([{ action: "objective.created", teamId: org.subTeamId }]);
    const changed = await act(org.member, "PUT", `/objectives/${objective.id}`, { status: "done" });
    expect(changed.events[0]?.changes).toEqual({ before: { status: "active" }, after: { status: "done" } });
  });

  it("record project membership on the project", async () => {
    const added = await act(org.lead, "POST", `/projects/${org.projectId}/members`, { user_id: org.outsider.userId });
    expect(added.events).toMatchObject([
      {
        action: "project.member_added",
        targetType: "project",
        targetId: org.projectId,
        teamId: org.subTeamId,
        changes: { before: null, after: { user_id: org.outsider.userId, role: "member" } },
      },
    ]);
    const removed = await act(org.lead, "DELETE", `/projects/${org.projectId}/members/${org.outsider.userId}`);
    expect(removed.actions).toEqual(["project.member_removed"]);
  });

  it("record nothing for a save that changes nothing", async () => {
    const workflow = ok(await send("POST", "/api/v1/workflows", org.member, { name: unique("same") }));
    const same = { name: workflow.name, visibility: workflow.visibility, steps: [] };
    expect((await act(org.member, "PUT", `/workflows/${workflow.id}`, same)).actions).toEqual([]);
    expect((await act(org.lead, "PUT", `/projects/${org.projectId}`, { description: "Same" })).actions).toEqual([
      "project.updated",
    ]);
    expect((await act(org.lead, "PUT", `/projects/${org.projectId}`, { description: "Same" })).actions).toEqual([]);
  });

  it("record a workflow share once, and its withdrawal", async () => {
    const workflow = ok(await send("POST", "/api/v1/workflows", org.member, { name: unique("shared") }));
    const share = { user_id: org.colleague.userId };
    const first = await act(org.member, "POST", `/workflows/${workflow.id}/shares`, share);
    expect(first.events).toMatchObject([
      { action: "workflow.shared", changes: { after: { shared_with: { user_id: org.colleague.userId } } } },
    ]);
    expect((await act(org.member, "POST", `/workflows/${workflow.id}/shares`, share)).actions).toEqual([]);
    const refused = await act(org.colleague, "DELETE", `/workflows/${workflow.id}/shares/${org.colleague.userId}`);
    expect(refused.response.statusCode).toBe(403);
    expect(refused.actions).toEqual([]);
    const withdrawn = await act(org.member, "DELETE", `/workflows/${workflow.id}/shares/${org.colleague.userId}`);
    expect(withdrawn.actions).toEqual(["workflow.unshared"]);
  });
});
