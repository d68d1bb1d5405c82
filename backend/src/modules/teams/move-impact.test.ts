import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { objectives, policies, users } from "../../db/schema.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, sender, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let db: Db;
let admin: Session;
let send: ReturnType<typeof sender>;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
  send = sender(t.app);
});
afterAll(async () => t?.close());

async function addPolicy(teamId: string, name: string, isActive = true) {
  await db.insert(policies).values({ teamId, name, enforcementType: "prepend", content: name, isActive });
}

async function addObjective(teamId: string, title: string, status = "active") {
  await db.insert(objectives).values({ teamId, title, status });
}

async function addMember(teamId: string, isActive = true) {
  await db.insert(users).values({ teamId, username: unique("u").toLowerCase(), isActive });
}

/**
 * root (admin's team, policy `rootRule`)
 *  ├─ eng (engOwner): active policy and objective, an inactive policy and a done objective
 *  └─ ops (opsOwner): a policy and an objective
 *      └─ platform: its own policy; 2 active members and 1 deactivated
 *          └─ sub: 1 active member
 */
async function org() {
  const names = {
    rootRule: unique("Root rule"),
    engRule: unique("Security baseline"),
    engOff: unique("Eng retired rule"),
    engGoal: unique("Ship weekly"),
    engDone: unique("Eng finished goal"),
    opsRule: unique("On-call etiquette"),
    opsGoal: unique("Fewer pages"),
    platformRule: unique("Platform own rule"),
  };
  const engOwner = await createUserSession(t.app, db, { teamId: admin.teamId });
  const opsOwner = await createUserSession(t.app, db, { teamId: admin.teamId });
  const eng = await createTeamRow(db, { parentTeamId: admin.teamId, ownerId: engOwner.userId, name: unique("Eng") });
  const ops = await createTeamRow(db, { parentTeamId: admin.teamId, ownerId: opsOwner.userId, name: unique("Ops") });
  const platform = await createTeamRow(db, { parentTeamId: ops.id, name: unique("Platform") });
  const sub = await createTeamRow(db, { parentTeamId: platform.id, name: unique("Sub") });
  await addPolicy(admin.teamId, names.rootRule);
  await addPolicy(eng.id, names.engRule);
  await addPolicy(eng.id, names.engOff, false);
  await addObjective(eng.id, names.engGoal);
  await addObjective(eng.id, names.engDone, "completed");
  await addPolicy(ops.id, names.opsRule);
  await addObjective(ops.id, names.opsGoal);
  await addPolicy(platform.id, names.platformRule);
  await addMember(platform.id);
  await addMember(platform.id);
  await addMember(platform.id, false);
  await addMember(sub.id);
  return { names, engOwner, opsOwner, eng, ops, platform, sub };
}

const impact = (teamId: string, session: Session | null, parentId?: string) =>
  send("GET", `/api/v1/teams/${teamId}/move-impact${parentId ? `?parent_team_id=${parentId}` : ""}`, session);

const policyNames = (items: { name: string }[]) => items.map((item) => item.name).sort();

describe("GET /teams/{id}/move-impact", () => {
  it("lists what the subtree's members gain and lose, with the teams that set it", async () => {
    const { names, eng, ops, platform } = await org();
    const response = await impact(platform.id, admin, eng.id);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      members: 3,
      teams: 2,
      policies_gained: [{ id: expect.any(String), name: names.engRule, team_name: eng.name }],
      policies_lost: [{ id: expect.any(String), name: names.opsRule, team_name: ops.name }],
      objectives_gained: [{ id: expect.any(String), title: names.engGoal, team_name: eng.name }],
      objectives_lost: [{ id: expect.any(String), title: names.opsGoal, team_name: ops.name }],
    });
  });

  it("changes nothing, and agrees with what the team inherits once it has moved", async () => {
    const { names, eng, ops, platform } = await org();
    const effective = async () => {
      const response = await send("GET", `/api/v1/policies/effective?team_id=${platform.id}`, admin);
      expect(response.statusCode).toBe(200);
      return policyNames(response.json().inherited);
    };
    const before = await effective();
    const preview = (await impact(platform.id, admin, eng.id)).json();
    expect((await send("GET", `/api/v1/teams/${platform.id}`, admin)).json().parent_team_id).toBe(ops.id);
    expect(await effective()).toEqual(before);

    const moved = await send("PUT", `/api/v1/teams/${platform.id}`, admin, { parent_team_id: eng.id });
    expect(moved.statusCode).toBe(200);
    const after = await effective();
    expect(after).toEqual(
      [...before.filter((name) => !policyNames(preview.policies_lost).includes(name)), names.engRule].sort(),
    );
    expect(after).not.toContain(names.opsRule);
    expect(after).toContain(names.rootRule);
  });

  it("to the top level: everything from above is lost", async () => {
    const { names, ops, platform } = await org();
    const root = (await send("GET", `/api/v1/teams/${admin.teamId}`, admin)).json();
    const response = await impact(platform.id, admin);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    // Other tests add root policies to the same organization: each is lost too.
    expect(policyNames(body.policies_lost)).toEqual(expect.arrayContaining([names.opsRule, names.rootRule]));
    for (const item of body.policies_lost) {
      expect([ops.name, root.name]).toContain(item.team_name);
    }
    expect(body.policies_lost.find((item: { name: string }) => item.name === names.rootRule).team_name).toBe(root.name);
    expect(policyNames(body.policies_lost)).not.toContain(names.platformRule);
    expect(body.policies_gained).toEqual([]);
    expect(body.objectives_lost.map((item: { title: string }) => item.title)).toEqual([names.opsGoal]);
  });

  it("staying under the same parent changes nothing", async () => {
    const { ops, platform } = await org();
    const body = (await impact(platform.id, admin, ops.id)).json();
    expect(body).toEqual({
      members: 3,
      teams: 2,
      policies_gained: [],
      policies_lost: [],
      objectives_gained: [],
      objectives_lost: [],
    });
  });

  it("is answered for callers who may make the move, and refused as the move is for others", async () => {
    const { eng, ops, platform, engOwner, opsOwner } = await org();
    // The owner of both places (an owner of the root) may; the owner of only one may not.
    const rootOwner = await createUserSession(t.app, db, { teamId: admin.teamId });
    const top = await createTeamRow(db, { parentTeamId: null, ownerId: rootOwner.userId, name: unique("Top") });
    await send("PUT", `/api/v1/teams/${eng.id}`, admin, { parent_team_id: top.id });
    await send("PUT", `/api/v1/teams/${ops.id}`, admin, { parent_team_id: top.id });
    expect((await impact(platform.id, rootOwner, eng.id)).statusCode).toBe(200);

    const opsOnly = await impact(platform.id, opsOwner, eng.id);
    expect(opsOnly.statusCode).toBe(403);
    const move = await send("PUT", `/api/v1/teams/${platform.id}`, opsOwner, { parent_team_id: eng.id });
    expect(move.statusCode).toBe(403);
    expect(opsOnly.json().detail).toBe(move.json().detail);
    expect(opsOnly.json().detail).toBe(
      `Only admins and owners of '${eng.name}' or a team above it may move a team under it`,
    );

    const engOnly = await impact(platform.id, engOwner, eng.id);
    expect(engOnly.statusCode).toBe(403);
    expect(engOnly.json().detail).toBe("Only admins and owners of this team or a team above it may update it");

    expect((await impact(platform.id, null, eng.id)).statusCode).toBe(401);
  });

  it("refuses a move into the team's own subtree with the move's own message", async () => {
    const { platform, sub } = await org();
    const response = await impact(platform.id, admin, sub.id);
    expect(response.statusCode).toBe(422);
    const move = await send("PUT", `/api/v1/teams/${platform.id}`, admin, { parent_team_id: sub.id });
    expect(move.statusCode).toBe(422);
    expect(response.json()).toEqual(move.json());
    expect(response.json().detail).toBe(
      `Cannot move team '${platform.name}' under '${sub.name}': '${sub.name}' is inside '${platform.name}'`,
    );
    const itself = await impact(platform.id, admin, platform.id);
    expect(itself.statusCode).toBe(422);
    expect(itself.json().detail).toBe(`Cannot move team '${platform.name}' under itself`);
  });

  it("answers 404 for an unknown team or parent, and 422 for an id that is not one", async () => {
    const { platform } = await org();
    const unknownTeam = await impact(randomUUID(), admin, platform.id);
    expect(unknownTeam.statusCode).toBe(404);
    expect(unknownTeam.json()).toEqual({ detail: "Team not found", code: "team_not_found" });
    const unknownParent = await impact(platform.id, admin, randomUUID());
    expect(unknownParent.statusCode).toBe(404);
    expect(unknownParent.json()).toEqual({ detail: "Parent team not found", code: "parent_team_not_found" });
    const malformed = await send("GET", `/api/v1/teams/${platform.id}/move-impact?parent_team_id=nope`, admin);
    expect(malformed.statusCode).toBe(422);
    expect(JSON.stringify(malformed.json().detail)).toContain("parent_team_id must be a UUID");
  });
});
