import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { objectives, projects } from "../../db/schema.js";
import {
  createGovernanceOrg,
  createTeamRow,
  createUserSession,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

const BASE = "/api/v1/objectives";

let t: TestContext;
let admin: Session;
let owner: Session;
let member: Session;
let colleague: Session;
let outsider: Session;
let lead: Session;
let ownedTeamId: string;
let subTeamId: string;
let siblingTeamId: string;
let projectId: string;

type Objective = {
  id: string;
  title: string;
  status: string;
  team_id: string | null;
  project_id: string | null;
  user_id: string | null;
  parent_objective_id: string | null;
  is_inherited: boolean;
};

const send = (...args: Parameters<ReturnType<typeof sender>>) => sender(t.app)(...args);

async function createObjective(body: object, by: Session = admin): Promise<Objective> {
  const response = await send("POST", BASE, by, { title: unique("objective"), ...body });
  if (response.statusCode !== 201) throw new Error(`create objective failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

beforeAll(async () => {
  t = await createTestContext();
  ({ admin, owner, member, colleague, outsider, lead, ownedTeamId, subTeamId, siblingTeamId, projectId } =
    await createGovernanceOrg(t.app, t.database.db));
});
afterAll(async () => t?.close());

describe("POST /objectives", () => {
  it("creates a team objective with the contract's fields, active by default", async () => {
    const response = await send("POST", BASE, owner, {
      team_id: subTeamId,
      title: "Ship the beta",
      description: "By June",
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      team_id: subTeamId,
      project_id: null,
      user_id: null,
      title: "Ship the beta",
      description: "By June",
      parent_objective_id: null,
      is_inherited: false,
      status: "active",
    });
    expect(Object.keys(body).sort()).toEqual(
      [
        "id",
        "team_id",
        "project_id",
        "user_id",
        "title",
        "description",
        "parent_objective_id",
        "is_inherited",
        "status",
        "created_at",
        "updated_at",
      ].sort(),
    );
  });

  it("links a parent objective, which must exist", async () => {
    const parent = await createObjective({ team_id: ownedTeamId });
    const child = await createObjective({ team_id: subTeamId, parent_objective_id: parent.id });
    expect(child.parent_objective_id).toBe(parent.id);
    const response = await send("POST", BASE, admin, {
      team_id: subTeamId,
      title: "orphan",
      parent_objective_id: randomUUID(),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe("Parent objective not found");
  });

  it("lets users keep their own objectives, and their managers too, but not other members", async () => {
    expect((await send("POST", BASE, member, { user_id: member.userId, title: "Learn SQL" })).statusCode).toBe(201);
    expect((await send("POST", BASE, owner, { user_id: member.userId, title: "Mentor" })).statusCode).toBe(201);
    const response = await send("POST", BASE, colleague, { user_id: member.userId, title: "Nope" });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toContain("Only the user");
  });

  it("lets a team owner set a sub-team's objectives but not a sibling team's; members may not", async () => {
    expect((await send("POST", BASE, owner, { team_id: subTeamId, title: "a" })).statusCode).toBe(201);
    expect((await send("POST", BASE, owner, { team_id: siblingTeamId, title: "b" })).statusCode).toBe(403);
    expect((await send("POST", BASE, member, { team_id: subTeamId, title: "c" })).statusCode).toBe(403);
  });

  it("lets the project lead set the project's objectives", async () => {
    expect((await send("POST", BASE, lead, { project_id: projectId, title: "p" })).statusCode).toBe(201);
    expect((await send("POST", BASE, member, { project_id: projectId, title: "p" })).statusCode).toBe(403);
  });

  it("answers 401, 404 and 422", async () => {
    expect((await send("POST", BASE, null, { team_id: subTeamId, title: "x" })).statusCode).toBe(401);
    const missing = await send("POST", BASE, admin, { team_id: randomUUID(), title: "x" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Team not found");
    expect((await send("POST", BASE, admin, { user_id: randomUUID(), title: "x" })).statusCode).toBe(404);
    expect((await send("POST", BASE, admin, { title: "x" })).statusCode).toBe(422);
    expect(
      (await send("POST", BASE, admin, { team_id: subTeamId, user_id: member.userId, title: "x" })).statusCode,
    ).toBe(422);
    expect((await send("POST", BASE, admin, { team_id: subTeamId, title: "" })).statusCode).toBe(422);
    expect(
      (await send("POST", BASE, admin, { team_id: subTeamId, title: "x", status: "s".repeat(51) })).statusCode,
    ).toBe(422);
  });
});

describe("GET /objectives", () => {
  it("lists one team's objectives of every status, oldest first, to those who may read them", async () => {
    const teamId = (await createTeamRow(t.database.db, { parentTeamId: subTeamId })).id;
    const first = await createObjective({ team_id: teamId, title: "first" });
    await createObjective({ team_id: teamId, title: "second", status: "archived" });
    const response = await send("GET", `${BASE}?team_id=${teamId}`, owner);
    expect(response.statusCode).toBe(200);
    expect(response.json().total).toBe(2);
    expect(response.json().items.map((o: Objective) => [o.title, o.status])).toEqual([
      ["first", "active"],
      ["second", "archived"],
    ]);
    expect(response.json().items[0].id).toBe(first.id);
    expect((await send("GET", `${BASE}?team_id=${teamId}`, outsider)).statusCode).toBe(403);
    expect((await send("GET", `${BASE}?team_id=${teamId}`, null)).statusCode).toBe(401);
    expect((await send("GET", BASE, owner)).statusCode).toBe(422);
  });

  it("shows personal objectives to the user and their managers", async () => {
    await createObjective({ user_id: colleague.userId }, colleague);
    expect((await send("GET", `${BASE}?user_id=${colleague.userId}`, colleague)).json().total).toBeGreaterThan(0);
    expect((await send("GET", `${BASE}?user_id=${colleague.userId}`, owner)).statusCode).toBe(200);
    expect((await send("GET", `${BASE}?user_id=${colleague.userId}`, member)).statusCode).toBe(403);
  });
});

describe("GET /objectives/effective", () => {
  let teamId: string;
  let user: Session;
  let teamProjectId: string;
  const titles = (list: Objective[], only: string[]) =>
    list.map((o) => o.title).filter((title) => only.includes(title));
  const known = ["org", "owned-1", "owned-2", "sub", "own", "personal", "project", "archived"];

  beforeAll(async () => {
    const db = t.database.db;
    teamId = (await createTeamRow(db, { parentTeamId: subTeamId })).id;
    user = await createUserSession(t.app, db, { teamId });
    const slug = unique("eff").toLowerCase();
    const [project] = await db.insert(projects).values({ teamId, name: slug, slug }).returning();
    if (!project) throw new Error("no project");
    teamProjectId = project.id;
    await createObjective({ team_id: admin.teamId, title: "org" });
    await createObjective({ team_id: ownedTeamId, title: "owned-1" });
    await createObjective({ project_id: teamProjectId, title: "project" });
    await createObjective({ team_id: ownedTeamId, title: "owned-2" });
    await createObjective({ user_id: user.userId, title: "personal" }, user);
    await createObjective({ team_id: subTeamId, title: "sub" });
    await createObjective({ team_id: teamId, title: "own" });
    await createObjective({ team_id: teamId, title: "archived", status: "archived" });
  });

  it("resolves a user's objectives: ancestors nearest first; team's, personal, project's", async () => {
    const response = await send("GET", `${BASE}/effective?user_id=${user.userId}&project_id=${teamProjectId}`, user);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(titles(body.inherited, known)).toEqual(["sub", "owned-1", "owned-2", "org"]);
    expect(body.inherited.every((o: Objective) => o.is_inherited)).toBe(true);
    expect(body.local.map((o: Objective) => o.title)).toEqual(["own", "personal", "project"]);
    expect(body.local.every((o: Objective) => !o.is_inherited)).toBe(true);
  });

  it("resolves a team over its whole ancestor chain", async () => {
    const response = await send("GET", `${BASE}/effective?team_id=${teamId}`, owner);
    expect(response.statusCode).toBe(200);
    expect(response.json().local.map((o: Objective) => o.title)).toEqual(["own"]);
    expect(titles(response.json().inherited, known)).toEqual(["sub", "owned-1", "owned-2", "org"]);
  });

  it("drops an objective once its status is no longer active", async () => {
    const objective = await createObjective({ team_id: teamId, title: "temporary" });
    await send("PUT", `${BASE}/${objective.id}`, admin, { status: "done" });
    const response = await send("GET", `${BASE}/effective?team_id=${teamId}`, owner);
    expect(response.json().local.map((o: Objective) => o.title)).not.toContain("temporary");
  });

  it("answers 400 without a scope and 403 to other members", async () => {
    const missing = await send("GET", `${BASE}/effective`, user);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().detail).toBe("Provide user_id or team_id");
    expect((await send("GET", `${BASE}/effective?user_id=${user.userId}`, member)).statusCode).toBe(403);
    expect((await send("GET", `${BASE}/effective?team_id=${teamId}`, outsider)).statusCode).toBe(403);
    expect((await send("GET", `${BASE}/effective?team_id=${teamId}`, null)).statusCode).toBe(401);
  });

  it("answers an admin asking about an unknown team with empty lists", async () => {
    const response = await send("GET", `${BASE}/effective?team_id=${randomUUID()}`, admin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ inherited: [], local: [] });
  });
});

describe("GET, PUT and DELETE /objectives/:objective_id", () => {
  it("gets an objective of any status, or 404 / 422", async () => {
    const objective = await createObjective({ team_id: subTeamId, status: "archived" });
    const response = await send("GET", `${BASE}/${objective.id}`, member);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: objective.id, status: "archived" });
    expect((await send("GET", `${BASE}/${objective.id}`, outsider)).statusCode).toBe(403);
    const missing = await send("GET", `${BASE}/${randomUUID()}`, admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Objective not found");
    expect((await send("GET", `${BASE}/nope`, admin)).statusCode).toBe(422);
  });

  it("updates title, description and status, keeping absent or null ones", async () => {
    const objective = await createObjective({ team_id: subTeamId, description: "keep" });
    const response = await send("PUT", `${BASE}/${objective.id}`, owner, {
      title: "New title",
      status: "paused",
      description: null,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ title: "New title", status: "paused", description: "keep" });
  });

  it("accepts only the known statuses on writes, and still reads a status stored before them", async () => {
    const refused = await send("POST", BASE, admin, { team_id: subTeamId, title: "Typo", status: "actve" });
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json().detail)).toContain("active, paused, done, archived");
    const objective = await createObjective({ team_id: subTeamId, title: "Legacy" });
    expect((await send("PUT", `${BASE}/${objective.id}`, admin, { status: "someday" })).statusCode).toBe(422);
    await t.database.db.update(objectives).set({ status: "someday" }).where(eq(objectives.id, objective.id));
    const read = await send("GET", `${BASE}/${objective.id}`, admin);
    expect(read.statusCode).toBe(200);
    expect(read.json().status).toBe("someday");
    const edited = await send("PUT", `${BASE}/${objective.id}`, admin, { title: "Legacy, renamed" });
    expect(edited.json()).toMatchObject({ title: "Legacy, renamed", status: "someday" });
  });

  it("lets users edit their own objectives, not their colleagues'", async () => {
    const objective = await createObjective({ user_id: member.userId }, member);
    expect((await send("PUT", `${BASE}/${objective.id}`, member, { status: "done" })).statusCode).toBe(200);
    expect((await send("PUT", `${BASE}/${objective.id}`, colleague, { status: "done" })).statusCode).toBe(403);
    expect((await send("PUT", `${BASE}/${objective.id}`, null, { status: "done" })).statusCode).toBe(401);
    expect((await send("PUT", `${BASE}/${objective.id}`, member, { status: "" })).statusCode).toBe(422);
    expect((await send("PUT", `${BASE}/${randomUUID()}`, admin, { status: "done" })).statusCode).toBe(404);
  });

  it("deletes an objective and keeps its children without a parent", async () => {
    const parent = await createObjective({ team_id: subTeamId });
    const child = await createObjective({ team_id: subTeamId, parent_objective_id: parent.id });
    expect((await send("DELETE", `${BASE}/${parent.id}`, member)).statusCode).toBe(403);
    const response = await send("DELETE", `${BASE}/${parent.id}`, owner);
    expect(response.statusCode).toBe(204);
    expect((await send("GET", `${BASE}/${parent.id}`, admin)).statusCode).toBe(404);
    const kept = await send("GET", `${BASE}/${child.id}`, admin);
    expect(kept.statusCode).toBe(200);
    expect(kept.json().parent_objective_id).toBeNull();
    expect((await send("DELETE", `${BASE}/${randomUUID()}`, admin)).statusCode).toBe(404);
    expect((await send("DELETE", `${BASE}/${child.id}`, null)).statusCode).toBe(401);
  });
});
