import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { objectives, policies } from "../../db/schema.js";
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

/** root ─┬─ design (policy, objective) ── ux (policy) ← `person`, who also has a personal policy
 *        └─ research (owned by `owner`; policy, objective) */
async function org() {
  const names = {
    root: unique("Root rule"),
    design: unique("Brand voice"),
    designGoal: unique("Consistent UI"),
    ux: unique("Accessible first"),
    research: unique("Cite sources"),
    researchGoal: unique("Publish"),
    personal: unique("Personal rule"),
  };
  const owner = await createUserSession(t.app, db, { teamId: admin.teamId });
  const design = await createTeamRow(db, { parentTeamId: admin.teamId, name: unique("Design") });
  const ux = await createTeamRow(db, { parentTeamId: design.id, name: unique("UX") });
  const research = await createTeamRow(db, {
    parentTeamId: admin.teamId,
    ownerId: owner.userId,
    name: unique("Research"),
  });
  const person = await createUserSession(t.app, db, { teamId: ux.id });
  const policy = (values: { teamId?: string; userId?: string }, name: string) =>
    db.insert(policies).values({ ...values, name, enforcementType: "prepend", content: name });
  await policy({ teamId: admin.teamId }, names.root);
  await policy({ teamId: design.id }, names.design);
  await policy({ teamId: ux.id }, names.ux);
  await policy({ teamId: research.id }, names.research);
  await policy({ userId: person.userId }, names.personal);
  await db.insert(objectives).values([
    { teamId: design.id, title: names.designGoal },
    { teamId: research.id, title: names.researchGoal },
  ]);
  return { names, owner, design, ux, research, person };
}

const impact = (userId: string, session: Session | null, teamId: string) =>
  send("GET", `/api/v1/users/${userId}/team-impact?team_id=${teamId}`, session);

describe("GET /users/{id}/team-impact", () => {
  it("lists what the user gains and loses, their own team's included and their own policies not", async () => {
    const { names, design, ux, research, person } = await org();
    const response = await impact(person.userId, admin, research.id);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.members).toBe(1);
    expect(body.teams).toBe(0);
    expect(body.policies_gained).toEqual([{ id: expect.any(String), name: names.research, team_name: research.name }]);
    expect(
      body.policies_lost.map((item: { name: string; team_name: string }) => [item.name, item.team_name]).sort(),
    ).toEqual(
      [
        [names.design, design.name],
        [names.ux, ux.name],
      ].sort(),
    );
    expect(body.objectives_gained).toEqual([
      { id: expect.any(String), title: names.researchGoal, team_name: research.name },
    ]);
    expect(body.objectives_lost).toEqual([{ id: expect.any(String), title: names.designGoal, team_name: design.name }]);
    // Asking changed nothing.
    expect((await send("GET", `/api/v1/users/${person.userId}`, admin)).json().team_id).toBe(ux.id);
  });

  it("moving within the same branch only lists the difference", async () => {
    const { names, design, person } = await org();
    const body = (await impact(person.userId, admin, design.id)).json();
    expect(body.policies_gained).toEqual([]);
    expect(body.policies_lost.map((item: { name: string }) => item.name)).toEqual([names.ux]);
    expect(body.objectives_gained).toEqual([]);
    expect(body.objectives_lost).toEqual([]);
  });

  it("counts as lost only what none of the user's other teams still brings", async () => {
    const { names, design, ux, research, person } = await org();
    // The person also belongs to design, which keeps design's policy and objective theirs.
    const added = await send("PUT", `/api/v1/users/${person.userId}`, admin, { team_ids: [ux.id, design.id] });
    expect(added.statusCode).toBe(200);
    const body = (await impact(person.userId, admin, research.id)).json();
    expect(body.policies_gained.map((item: { name: string }) => item.name)).toEqual([names.research]);
    expect(body.policies_lost.map((item: { name: string }) => item.name)).toEqual([names.ux]);
    expect(body.objectives_gained.map((item: { title: string }) => item.title)).toEqual([names.researchGoal]);
    expect(body.objectives_lost).toEqual([]);
    // Making design, one of their teams already, the primary replaces ux: only ux's own policy goes.
    const promoted = (await impact(person.userId, admin, design.id)).json();
    expect(promoted.policies_gained).toEqual([]);
    expect(promoted.policies_lost.map((item: { name: string }) => item.name)).toEqual([names.ux]);
    expect(promoted.objectives_lost).toEqual([]);
  });

  it("is for admins only, as changing a user's team is", async () => {
    const { research, person, owner } = await org();
    for (const caller of [owner, person]) {
      const response = await impact(person.userId, caller, research.id);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ detail: "Only admins may change 'team_id'", code: "admin_only_field" });
    }
    const change = await send("PUT", `/api/v1/users/${person.userId}`, person, { team_id: research.id });
    expect(change.statusCode).toBe(403);
    expect((await impact(person.userId, null, research.id)).statusCode).toBe(401);
  });

  it("answers 404 for an unknown user or team", async () => {
    const { research, person } = await org();
    const unknownUser = await impact(randomUUID(), admin, research.id);
    expect(unknownUser.statusCode).toBe(404);
    expect(unknownUser.json()).toEqual({ detail: "User not found", code: "user_not_found" });
    const unknownTeam = await impact(person.userId, admin, randomUUID());
    expect(unknownTeam.statusCode).toBe(404);
    expect(unknownTeam.json()).toEqual({ detail: "Team not found", code: "team_not_found" });
    const missing = await send("GET", `/api/v1/users/${person.userId}/team-impact`, admin);
    expect(missing.statusCode).toBe(422);
  });
});
