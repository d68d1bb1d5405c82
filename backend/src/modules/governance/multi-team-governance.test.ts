import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { auditEvents, objectives, policies, prompts, promptVersions, userTeams } from "../../db/schema.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

// A user in several teams: governance is the union of every team chain (each policy once), and
// users, access rules and caches follow every membership, not only the primary team.

let t: TestContext;
let db: Db;
let admin: Session;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

type Method = "GET" | "POST" | "PUT";
const call = (method: Method, url: string, session: Session, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: session.auth, ...(payload ? { payload } : {}) });

async function addPolicy(teamId: string, name: string, priority: number) {
  const [row] = await db
    .insert(policies)
    .values({ teamId, name, enforcementType: "prepend", content: `rule ${name}`, priority })
    .returning();
  if (!row) throw new Error("no policy");
  return row;
}

type Source = {
  kind: string;
  team_id: string | null;
  team_name: string | null;
  via_teams: { id: string; name: string }[];
};
type EffectivePolicy = { name: string; is_inherited: boolean; source: Source };

/**
 * root ─┬─ left ── leftSquad
 *       └─ right ── rightSquad
 * The user is in leftSquad (primary) and rightSquad: two branches of the tree meeting at root.
 */
async function twoBranches() {
  const root = await createTeamRow(db, { parentTeamId: admin.teamId, name: unique("Root") });
  const left = await createTeamRow(db, { parentTeamId: root.id, name: unique("Left") });
  const right = await createTeamRow(db, { parentTeamId: root.id, name: unique("Right") });
  const leftSquad = await createTeamRow(db, { parentTeamId: left.id, name: unique("LeftSquad") });
  const rightSquad = await createTeamRow(db, { parentTeamId: right.id, name: unique("RightSquad") });
  const member = await createUserSession(t.app, db, { teamId: leftSquad.id });
  const put = await call("PUT", `/users/${member.userId}`, admin, { team_ids: [leftSquad.id, rightSquad.id] });
  expect(put.statusCode).toBe(200);
  const p = unique("p");
  await addPolicy(root.id, `${p}-root`, 1);
  await addPolicy(left.id, `${p}-left`, 5);
  await addPolicy(right.id, `${p}-right`, 7);
  await addPolicy(leftSquad.id, `${p}-left-squad`, 2);
  await addPolicy(rightSquad.id, `${p}-right-squad`, 9);
  return { root, left, right, leftSquad, rightSquad, member, p };
}

async function effective(session: Session, userId: string) {
  const response = await call("GET", `/policies/effective?user_id=${userId}`, session);
  expect(response.statusCode).toBe(200);
  return response.json() as { inherited: EffectivePolicy[]; local: EffectivePolicy[] };
}

describe("effective governance of a user in two branches of the tree", () => {
  it("is the union of both chains, each policy once, in priority order, with its source", async () => {
    const { root, left, leftSquad, rightSquad, member, p } = await twoBranches();
    const result = await effective(member, member.userId);

    expect(result.local.map((row) => row.name)).toEqual([`${p}-right-squad`, `${p}-left-squad`]);
    // root is reached through both squads and still listed once.
    expect(result.inherited.map((row) => row.name)).toEqual([`${p}-right`, `${p}-left`, `${p}-root`]);

    const rootPolicy = result.inherited.find((row) => row.name === `${p}-root`);
    expect(rootPolicy?.source).toEqual({
      kind: "inherited",
      team_id: root.id,
      team_name: root.name,
      via_teams: [
        { id: leftSquad.id, name: leftSquad.name },
        { id: rightSquad.id, name: rightSquad.name },
      ],
    });
    const leftPolicy = result.inherited.find((row) => row.name === `${p}-left`);
    expect(leftPolicy?.source).toMatchObject({
      kind: "inherited",
      team_id: left.id,
      via_teams: [{ id: leftSquad.id }],
    });
    const rightSquadPolicy = result.local.find((row) => row.name === `${p}-right-squad`);
    expect(rightSquadPolicy?.source).toMatchObject({
      kind: "team",
      team_name: rightSquad.name,
      via_teams: [{ id: rightSquad.id }],
    });
  });

  it("lists objectives of both chains once, each with its source", async () => {
    const { root, leftSquad, rightSquad, member, p } = await twoBranches();
    await db.insert(objectives).values([
      { teamId: root.id, title: `${p}-root-goal` },
      { teamId: rightSquad.id, title: `${p}-right-squad-goal` },
    ]);
    const response = await call("GET", `/objectives/effective?user_id=${member.userId}`, member);
    expect(response.statusCode).toBe(200);
    const result = response.json() as {
      inherited: { title: string; source: Source }[];
      local: { title: string; source: Source }[];
    };
    expect(result.inherited.filter((row) => row.title === `${p}-root-goal`)).toHaveLength(1);
    expect(result.inherited.find((row) => row.title === `${p}-root-goal`)?.source).toEqual({
      kind: "inherited",
      team_id: root.id,
      team_name: root.name,
      via_teams: [
        { id: leftSquad.id, name: leftSquad.name },
        { id: rightSquad.id, name: rightSquad.name },
      ],
    });
    expect(result.local.find((row) => row.title === `${p}-right-squad-goal`)?.source).toMatchObject({
      kind: "team",
      team_id: rightSquad.id,
    });
  });

  it("applies the union when the user expands a prompt, highest priority first", async () => {
    const { member, p } = await twoBranches();
    const name = unique("multi").toLowerCase();
    const [prompt] = await db.insert(prompts).values({ name, userId: admin.userId, visibility: "org" }).returning();
    const [version] = await db
      .insert(promptVersions)
      .values({ promptId: prompt!.id, version: "1.0.0", userTemplate: "Hi", inputSchema: {} })
      .returning();
    await db.update(prompts).set({ latestVersionId: version!.id }).where(eq(prompts.id, prompt!.id));
    const response = await call("POST", `/expand/${name}`, member, { input: {} });
    expect(response.statusCode).toBe(200);
    expect(response.json().applied_policies).toEqual([
      `${p}-right-squad`,
      `${p}-right`,
      `${p}-left`,
      `${p}-left-squad`,
      `${p}-root`,
    ]);
  });

  it("counts a policy as local when one team of the user holds it and another reaches it from below", async () => {
    const parent = await createTeamRow(db, { parentTeamId: admin.teamId });
    const child = await createTeamRow(db, { parentTeamId: parent.id });
    const member = await createUserSession(t.app, db, { teamId: child.id });
    await call("PUT", `/users/${member.userId}`, admin, { team_ids: [child.id, parent.id] });
    const name = unique("both");
    await addPolicy(parent.id, name, 3);
    const result = await effective(member, member.userId);
    expect(result.inherited.map((row) => row.name)).not.toContain(name);
    const local = result.local.filter((row) => row.name === name);
    expect(local).toHaveLength(1);
    expect(local[0]?.source.via_teams.map((team) => team.id)).toEqual([child.id, parent.id]);
  });
});

describe("PUT /users/{id} with team_ids", () => {
  it("stores the teams primary first, answers them in every user response and audits before and after", async () => {
    const a = await createTeamRow(db, { parentTeamId: admin.teamId });
    const b = await createTeamRow(db, { parentTeamId: admin.teamId });
    const c = await createTeamRow(db, { parentTeamId: admin.teamId });
    const member = await createUserSession(t.app, db, { teamId: a.id });

    const put = await call("PUT", `/users/${member.userId}`, admin, { team_ids: [b.id, a.id, c.id] });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ team_id: b.id, team_ids: [b.id, a.id, c.id] });
    expect((await call("GET", `/users/${member.userId}`, admin)).json().team_ids).toEqual([b.id, a.id, c.id]);
    const listed = (await call("GET", `/users?team_id=${c.id}`, admin)).json().items as { id: string }[];
    expect(listed.map((user) => user.id)).toEqual([member.userId]);

    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "user.team_changed"), eq(auditEvents.targetId, member.userId)))
      .orderBy(auditEvents.id);
    expect(events[0]?.changes).toEqual({
      before: { team_id: a.id, team_ids: [a.id] },
      after: { team_id: b.id, team_ids: [b.id, a.id, c.id] },
    });

    // Setting only team_id changes the primary and keeps the other teams.
    const primaryOnly = await call("PUT", `/users/${member.userId}`, admin, { team_id: c.id });
    expect(primaryOnly.json()).toMatchObject({ team_id: c.id, team_ids: [c.id, a.id] });
    const rows = await db.select().from(userTeams).where(eq(userTeams.userId, member.userId));
    expect(rows.map((row) => row.teamId).sort()).toEqual([a.id, c.id].sort());
  });

  it("refuses an empty list, a team twice, an unknown team, and members changing their own teams", async () => {
    const a = await createTeamRow(db, { parentTeamId: admin.teamId });
    const member = await createUserSession(t.app, db, { teamId: a.id });
    const empty = await call("PUT", `/users/${member.userId}`, admin, { team_ids: [] });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("at least one team");
    const twice = await call("PUT", `/users/${member.userId}`, admin, { team_ids: [a.id, a.id] });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain("lists a team twice");
    const unknown = await call("PUT", `/users/${member.userId}`, admin, {
      team_ids: [a.id, "00000000-0000-4000-8000-000000000000"],
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe("Team not found");
    const self = await call("PUT", `/users/${member.userId}`, member, { team_ids: [a.id, admin.teamId] });
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toContain("team_ids");
    const unchanged = await call("PUT", `/users/${member.userId}`, member, { team_ids: [a.id], display_name: "Me" });
    expect(unchanged.statusCode).toBe(200);
    expect((await call("GET", `/users/${member.userId}`, admin)).json().team_ids).toEqual([a.id]);
  });
});

describe("team managers over a user in two teams", () => {
  it("the owner of either team reads the user's governance; an owner of neither does not", async () => {
    const ownerA = await createUserSession(t.app, db, { teamId: admin.teamId });
    const ownerB = await createUserSession(t.app, db, { teamId: admin.teamId });
    const stranger = await createUserSession(t.app, db, { teamId: admin.teamId });
    const a = await createTeamRow(db, { parentTeamId: admin.teamId, ownerId: ownerA.userId });
    const b = await createTeamRow(db, { parentTeamId: admin.teamId, ownerId: ownerB.userId });
    await createTeamRow(db, { parentTeamId: admin.teamId, ownerId: stranger.userId });
    const member = await createUserSession(t.app, db, { teamId: a.id });
    await call("PUT", `/users/${member.userId}`, admin, { team_ids: [a.id, b.id] });

    for (const owner of [ownerA, ownerB]) {
      expect((await call("GET", `/policies/effective?user_id=${member.userId}`, owner)).statusCode).toBe(200);
      const personal = await call("POST", "/policies", owner, {
        user_id: member.userId,
        name: unique("personal"),
        enforcement_type: "append",
        content: "x",
      });
      expect(personal.statusCode).toBe(201);
    }
    expect((await call("GET", `/policies/effective?user_id=${member.userId}`, stranger)).statusCode).toBe(403);
    // The member reads the governance of their second team too.
    expect((await call("GET", `/policies/effective?team_id=${b.id}`, member)).statusCode).toBe(200);
  });
});

describe("caches follow membership", () => {
  it("an expansion sees a team added straight to the database once the change feed reports it", async () => {
    const a = await createTeamRow(db, { parentTeamId: admin.teamId });
    const b = await createTeamRow(db, { parentTeamId: admin.teamId });
    const member = await createUserSession(t.app, db, { teamId: a.id });
    const policyName = unique("second-team");
    await addPolicy(b.id, policyName, 1);
    const name = unique("cachedmulti").toLowerCase();
    const [prompt] = await db.insert(prompts).values({ name, userId: admin.userId, visibility: "org" }).returning();
    const [version] = await db
      .insert(promptVersions)
      .values({ promptId: prompt!.id, version: "1.0.0", userTemplate: "Hi", inputSchema: {} })
      .returning();
    await db.update(prompts).set({ latestVersionId: version!.id }).where(eq(prompts.id, prompt!.id));
    await t.changesSeen();

    const expand = async () => (await call("POST", `/expand/${name}`, member, { input: {} })).json();
    expect((await expand()).applied_policies).not.toContain(policyName);
    expect((await expand()).applied_policies).not.toContain(policyName);
    // As another replica would write it: only the user_teams trigger's notification tells this
    // process (waiting on another topic moves no data generation itself).
    await db.insert(userTeams).values({ userId: member.userId, teamId: b.id, position: 1 });
    await t.changesSeen("identities");
    expect((await expand()).applied_policies).toContain(policyName);
    expect((await call("GET", `/users/${member.userId}`, admin)).json().team_ids).toEqual([a.id, b.id]);

    await db.delete(userTeams).where(eq(userTeams.teamId, b.id));
    await t.changesSeen("identities");
    expect((await expand()).applied_policies).not.toContain(policyName);
  });
});
