import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { objectives, policies, projectMembers, workflows } from "../../db/schema.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, sender, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

const BASE = "/api/v1/projects";

let t: TestContext;
let admin: Session;
let owner: Session;
let member: Session;
let outsider: Session;
let ownedTeamId: string;
let subTeamId: string;
let siblingTeamId: string;

type Project = { id: string; team_id: string; lead_user_id: string | null; name: string; slug: string };
type Member = { id: string; project_id: string; user_id: string; role: string; created_at: string };

const send = (...args: Parameters<ReturnType<typeof sender>>) => sender(t.app)(...args);

const newSlug = () => unique("proj").toLowerCase();

async function createProject(body: object = {}, by: Session = admin): Promise<Project> {
  const slug = newSlug();
  const response = await send("POST", BASE, by, { team_id: subTeamId, name: slug, slug, ...body });
  if (response.statusCode !== 201) throw new Error(`create project failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

beforeAll(async () => {
  t = await createTestContext();
  const db = t.database.db;
  admin = await registerAdmin(t.app);
  owner = await createUserSession(t.app, db, { teamId: admin.teamId });
  ownedTeamId = (await createTeamRow(db, { parentTeamId: admin.teamId, ownerId: owner.userId })).id;
  subTeamId = (await createTeamRow(db, { parentTeamId: ownedTeamId })).id;
  siblingTeamId = (await createTeamRow(db, { parentTeamId: admin.teamId })).id;
  member = await createUserSession(t.app, db, { teamId: subTeamId });
  outsider = await createUserSession(t.app, db, { teamId: siblingTeamId });
});
afterAll(async () => t?.close());

describe("POST /projects", () => {
  it("creates a project with the contract's fields", async () => {
    const slug = newSlug();
    const response = await send("POST", BASE, admin, {
      team_id: subTeamId,
      lead_user_id: member.userId,
      name: "Apollo",
      slug,
      description: "Moonshot",
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      team_id: subTeamId,
      lead_user_id: member.userId,
      name: "Apollo",
      slug,
      description: "Moonshot",
    });
    expect(Object.keys(body).sort()).toEqual(
      ["id", "team_id", "lead_user_id", "name", "slug", "description", "created_at", "updated_at"].sort(),
    );
  });

  it("lets an owner create projects in a team below theirs, not in a sibling team", async () => {
    const slug = newSlug();
    expect((await send("POST", BASE, owner, { team_id: subTeamId, name: slug, slug })).statusCode).toBe(201);
    const sibling = await send("POST", BASE, owner, { team_id: siblingTeamId, name: "x", slug: newSlug() });
    expect(sibling.statusCode).toBe(403);
    expect(sibling.json().detail).toContain("create projects in this team");
  });

  it("forbids members", async () => {
    const response = await send("POST", BASE, member, { team_id: subTeamId, name: "x", slug: newSlug() });
    expect(response.statusCode).toBe(403);
  });

  it("refuses a taken slug with 409", async () => {
    const project = await createProject();
    const response = await send("POST", BASE, admin, { team_id: subTeamId, name: "again", slug: project.slug });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe(`Project slug '${project.slug}' already exists`);
  });

  it("answers 404 for an unknown team or lead", async () => {
    const team = await send("POST", BASE, admin, { team_id: randomUUID(), name: "x", slug: newSlug() });
    expect(team.statusCode).toBe(404);
    expect(team.json().detail).toBe("Team not found");
    const lead = await send("POST", BASE, admin, {
      team_id: subTeamId,
      lead_user_id: randomUUID(),
      name: "x",
      slug: newSlug(),
    });
    expect(lead.statusCode).toBe(404);
    expect(lead.json().detail).toBe("User not found");
  });

  it("answers 401 and 422", async () => {
    expect((await send("POST", BASE, null, { team_id: subTeamId, name: "x", slug: newSlug() })).statusCode).toBe(401);
    expect((await send("POST", BASE, admin, { team_id: subTeamId, name: "x", slug: "Not Valid" })).statusCode).toBe(
      422,
    );
    expect((await send("POST", BASE, admin, { team_id: subTeamId, name: "", slug: newSlug() })).statusCode).toBe(422);
    expect((await send("POST", BASE, admin, { name: "x", slug: newSlug() })).statusCode).toBe(422);
  });
});

describe("GET /projects", () => {
  it("lists projects by name to any signed-in user, optionally by team", async () => {
    const teamId = (await createTeamRow(t.database.db, { parentTeamId: subTeamId })).id;
    await createProject({ team_id: teamId, name: "zeta" });
    await createProject({ team_id: teamId, name: "alpha" });
    const response = await send("GET", `${BASE}?team_id=${teamId}`, outsider);
    expect(response.statusCode).toBe(200);
    expect(response.json().total).toBe(2);
    expect(response.json().items.map((p: Project) => p.name)).toEqual(["alpha", "zeta"]);
    const all = await send("GET", BASE, member);
    expect(all.json().total).toBeGreaterThanOrEqual(2);
    const names = all.json().items.map((p: Project) => p.name);
    expect(names).toEqual([...names].sort());
    expect((await send("GET", BASE, null)).statusCode).toBe(401);
    expect((await send("GET", `${BASE}?team_id=x`, member)).statusCode).toBe(422);
  });

  it("gets one project, or 404", async () => {
    const project = await createProject();
    const response = await send("GET", `${BASE}/${project.id}`, outsider);
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(project.id);
    const missing = await send("GET", `${BASE}/${randomUUID()}`, outsider);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Project not found");
    expect((await send("GET", `${BASE}/x`, outsider)).statusCode).toBe(422);
  });
});

describe("PUT /projects/:project_id", () => {
  it("lets the project lead update it, even from another team", async () => {
    const project = await createProject({ lead_user_id: outsider.userId, description: "old" });
    const response = await send("PUT", `${BASE}/${project.id}`, outsider, { name: "Renamed" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: "Renamed", description: "old", lead_user_id: outsider.userId });
  });

  it("clears the lead and the description with null", async () => {
    const project = await createProject({ lead_user_id: member.userId, description: "old" });
    const response = await send("PUT", `${BASE}/${project.id}`, owner, { lead_user_id: null, description: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ lead_user_id: null, description: null });
  });

  it("forbids members who are not the lead, and answers 401, 404 and 422", async () => {
    const project = await createProject();
    expect((await send("PUT", `${BASE}/${project.id}`, member, { name: "x" })).statusCode).toBe(403);
    expect((await send("PUT", `${BASE}/${project.id}`, null, { name: "x" })).statusCode).toBe(401);
    expect((await send("PUT", `${BASE}/${randomUUID()}`, admin, { name: "x" })).statusCode).toBe(404);
    const lead = await send("PUT", `${BASE}/${project.id}`, admin, { lead_user_id: randomUUID() });
    expect(lead.statusCode).toBe(404);
    expect(lead.json().detail).toBe("User not found");
    expect((await send("PUT", `${BASE}/${project.id}`, admin, { name: "" })).statusCode).toBe(422);
  });
});

describe("DELETE /projects/:project_id", () => {
  it("deletes members, policies and objectives with it, and keeps its workflows without a project", async () => {
    const db = t.database.db;
    const project = await createProject();
    await send("POST", `${BASE}/${project.id}/members`, admin, { user_id: member.userId });
    const [policy] = await db
      .insert(policies)
      .values({ projectId: project.id, name: "p", enforcementType: "append", content: "c" })
      .returning();
    const [objective] = await db.insert(objectives).values({ projectId: project.id, title: "o" }).returning();
    const [workflow] = await db.insert(workflows).values({ projectId: project.id, name: "w" }).returning();

    expect((await send("DELETE", `${BASE}/${project.id}`, member)).statusCode).toBe(403);
    const response = await send("DELETE", `${BASE}/${project.id}`, owner);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");

    expect((await send("GET", `${BASE}/${project.id}`, admin)).statusCode).toBe(404);
    expect(await db.select().from(projectMembers).where(eq(projectMembers.projectId, project.id))).toEqual([]);
    expect(
      await db
        .select()
        .from(policies)
        .where(eq(policies.id, policy?.id ?? "")),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(objectives)
        .where(eq(objectives.id, objective?.id ?? "")),
    ).toEqual([]);
    const [kept] = await db
      .select()
      .from(workflows)
      .where(eq(workflows.id, workflow?.id ?? ""));
    expect(kept?.projectId).toBeNull();
  });

  it("answers 401 and 404", async () => {
    const project = await createProject();
    expect((await send("DELETE", `${BASE}/${project.id}`, null)).statusCode).toBe(401);
    expect((await send("DELETE", `${BASE}/${randomUUID()}`, admin)).statusCode).toBe(404);
  });
});

describe("project members", () => {
  it("adds members from any team, lists them earliest first and removes them", async () => {
    const project = await createProject({ lead_user_id: member.userId });
    const first = await send("POST", `${BASE}/${project.id}/members`, member, { user_id: outsider.userId });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ project_id: project.id, user_id: outsider.userId, role: "member" });
    const second = await send("POST", `${BASE}/${project.id}/members`, member, {
      user_id: owner.userId,
      role: "reviewer",
    });
    expect(second.statusCode).toBe(201);

    const list = await send("GET", `${BASE}/${project.id}/members`, outsider);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((m: Member) => [m.user_id, m.role])).toEqual([
      [outsider.userId, "member"],
      [owner.userId, "reviewer"],
    ]);

    const removed = await send("DELETE", `${BASE}/${project.id}/members/${outsider.userId}`, member);
    expect(removed.statusCode).toBe(204);
    const again = await send("DELETE", `${BASE}/${project.id}/members/${outsider.userId}`, member);
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toBe("Project member not found");
  });

  it("refuses a duplicate with 409 and unknown users or projects with 404", async () => {
    const project = await createProject();
    await send("POST", `${BASE}/${project.id}/members`, admin, { user_id: member.userId });
    const duplicate = await send("POST", `${BASE}/${project.id}/members`, admin, { user_id: member.userId });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().detail).toBe("User is already a project member");
    const user = await send("POST", `${BASE}/${project.id}/members`, admin, { user_id: randomUUID() });
    expect(user.statusCode).toBe(404);
    expect(user.json().detail).toBe("User not found");
    const unknown = await send("POST", `${BASE}/${randomUUID()}/members`, admin, { user_id: member.userId });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe("Project not found");
    expect((await send("GET", `${BASE}/${randomUUID()}/members`, admin)).statusCode).toBe(404);
  });

  it("lets only the project's managers change membership", async () => {
    const project = await createProject();
    expect((await send("POST", `${BASE}/${project.id}/members`, member, { user_id: member.userId })).statusCode).toBe(
      403,
    );
    expect(
      (await send("POST", `${BASE}/${project.id}/members`, outsider, { user_id: outsider.userId })).statusCode,
    ).toBe(403);
    await send("POST", `${BASE}/${project.id}/members`, owner, { user_id: member.userId });
    expect((await send("DELETE", `${BASE}/${project.id}/members/${member.userId}`, member)).statusCode).toBe(403);
    expect((await send("POST", `${BASE}/${project.id}/members`, null, { user_id: member.userId })).statusCode).toBe(
      401,
    );
    expect((await send("POST", `${BASE}/${project.id}/members`, owner, { user_id: "x" })).statusCode).toBe(422);
  });
});

describe("project objectives", () => {
  it("creates objectives for the project in the path and lists the active ones, oldest first", async () => {
    const project = await createProject({ lead_user_id: outsider.userId });
    const other = await createProject();
    const first = await send("POST", `${BASE}/${project.id}/objectives`, outsider, {
      title: "Launch",
      project_id: other.id,
      team_id: siblingTeamId,
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ project_id: project.id, team_id: null, user_id: null, status: "active" });
    await send("POST", `${BASE}/${project.id}/objectives`, outsider, { title: "Old goal", status: "archived" });
    await send("POST", `${BASE}/${project.id}/objectives`, outsider, { title: "Grow" });

    const list = await send("GET", `${BASE}/${project.id}/objectives`, outsider);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((o: { title: string }) => o.title)).toEqual(["Launch", "Grow"]);
    expect((await send("GET", `${BASE}/${other.id}/objectives`, admin)).json()).toEqual([]);
  });

  it("lets members of the project's team read them but not write them", async () => {
    const project = await createProject();
    expect((await send("GET", `${BASE}/${project.id}/objectives`, member)).statusCode).toBe(200);
    expect((await send("POST", `${BASE}/${project.id}/objectives`, member, { title: "x" })).statusCode).toBe(403);
    expect((await send("GET", `${BASE}/${project.id}/objectives`, outsider)).statusCode).toBe(403);
  });

  it("answers 401, 404 and 422", async () => {
    const project = await createProject();
    expect((await send("GET", `${BASE}/${project.id}/objectives`, null)).statusCode).toBe(401);
    expect((await send("GET", `${BASE}/${randomUUID()}/objectives`, admin)).statusCode).toBe(404);
    const missing = await send("POST", `${BASE}/${randomUUID()}/objectives`, admin, { title: "x" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Project not found");
    expect((await send("POST", `${BASE}/${project.id}/objectives`, admin, { title: "" })).statusCode).toBe(422);
  });
});
