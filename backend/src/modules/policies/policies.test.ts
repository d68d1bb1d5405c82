import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectMembers, projects } from "../../db/schema.js";
import {
  createGovernanceOrg,
  createTeamRow,
  createUserSession,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

const BASE = "/api/v1/policies";

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

type Policy = {
  id: string;
  name: string;
  team_id: string | null;
  project_id: string | null;
  user_id: string | null;
  priority: number;
  is_active: boolean;
  is_inherited: boolean;
};

const send = (...args: Parameters<ReturnType<typeof sender>>) => sender(t.app)(...args);

const policyBody = (owner: object, extra: object = {}) => ({
  ...owner,
  name: unique("policy"),
  enforcement_type: "prepend",
  content: "Answer in English.",
  ...extra,
});

async function createPolicy(owner: object, extra: object = {}, by: Session = admin): Promise<Policy> {
  const response = await send("POST", BASE, by, policyBody(owner, extra));
  if (response.statusCode !== 201) throw new Error(`create policy failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

beforeAll(async () => {
  t = await createTestContext();
  ({ admin, owner, member, colleague, outsider, lead, ownedTeamId, subTeamId, siblingTeamId, projectId } =
    await createGovernanceOrg(t.app, t.database.db));
});
afterAll(async () => t?.close());

describe("POST /policies", () => {
  it("creates a team policy with the contract's fields and defaults", async () => {
    const response = await send("POST", BASE, admin, policyBody({ team_id: ownedTeamId }, { name: "No secrets" }));
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      team_id: ownedTeamId,
      project_id: null,
      user_id: null,
      name: "No secrets",
      description: null,
      enforcement_type: "prepend",
      content: "Answer in English.",
      priority: 0,
      is_active: true,
      is_inherited: false,
    });
    expect(Object.keys(body).sort()).toEqual(
      [
        "id",
        "team_id",
        "project_id",
        "user_id",
        "name",
        "description",
        "enforcement_type",
        "content",
        "priority",
        "is_active",
        "created_at",
        "updated_at",
        "is_inherited",
      ].sort(),
    );
    expect(new Date(body.created_at).toISOString()).toBe(body.created_at);
  });

  it("keeps content literal, template syntax included", async () => {
    const content = "Never say {{ secret }} or {% raw %}";
    const policy = await createPolicy({ team_id: ownedTeamId }, { content });
    const response = await send("GET", `${BASE}/${policy.id}`, admin);
    expect(response.json().content).toBe(content);
  });

  it("needs credentials", async () => {
    const response = await send("POST", BASE, null, policyBody({ team_id: ownedTeamId }));
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ["an unknown enforcement type", { enforcement_type: "replace" }],
    ["content over 20,000 characters", { content: "x".repeat(20_001) }],
    ["an empty name", { name: "  " }],
    ["a fractional priority", { priority: 1.5 }],
  ])("refuses %s with 422", async (_, extra) => {
    const response = await send("POST", BASE, admin, policyBody({ team_id: ownedTeamId }, extra));
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe("validation_error");
  });

  it("accepts content of exactly 20,000 characters", async () => {
    const response = await send(
      "POST",
      BASE,
      admin,
      policyBody({ team_id: ownedTeamId }, { content: "y".repeat(20_000) }),
    );
    expect(response.statusCode).toBe(201);
  });

  it("needs exactly one of team_id, project_id and user_id", async () => {
    const none = await send("POST", BASE, admin, policyBody({}));
    expect(none.statusCode).toBe(422);
    expect(JSON.stringify(none.json().detail)).toContain("exactly one of team_id, project_id or user_id");
    const two = await send("POST", BASE, admin, policyBody({ team_id: ownedTeamId, project_id: projectId }));
    expect(two.statusCode).toBe(422);
  });

  it("answers 404 for an unknown team, project or user", async () => {
    for (const [field, detail] of [
      ["team_id", "Team not found"],
      ["project_id", "Project not found"],
      ["user_id", "User not found"],
    ]) {
      const response = await send("POST", BASE, admin, policyBody({ [field as string]: randomUUID() }));
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toBe(detail);
    }
  });

  it("lets a team owner manage a sub-team's policies but not a sibling team's", async () => {
    const sub = await send("POST", BASE, owner, policyBody({ team_id: subTeamId }));
    expect(sub.statusCode).toBe(201);
    const sibling = await send("POST", BASE, owner, policyBody({ team_id: siblingTeamId }));
    expect(sibling.statusCode).toBe(403);
    expect(sibling.json().detail).toContain("manage this team's policies");
  });

  it("forbids a member from writing their own team's policies", async () => {
    const response = await send("POST", BASE, member, policyBody({ team_id: subTeamId }));
    expect(response.statusCode).toBe(403);
  });

  it("lets the project lead write the project's policies, and not a member of its team", async () => {
    expect((await send("POST", BASE, lead, policyBody({ project_id: projectId }))).statusCode).toBe(201);
    const response = await send("POST", BASE, member, policyBody({ project_id: projectId }));
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toContain("the project's lead");
  });

  it("lets managers of the user's team set personal policies, but not the user themself", async () => {
    expect((await send("POST", BASE, owner, policyBody({ user_id: member.userId }))).statusCode).toBe(201);
    const self = await send("POST", BASE, member, policyBody({ user_id: member.userId }));
    expect(self.statusCode).toBe(403);
    const outside = await send("POST", BASE, outsider, policyBody({ user_id: member.userId }));
    expect(outside.statusCode).toBe(403);
  });
});

describe("GET /policies", () => {
  let teamId: string;

  beforeAll(async () => {
    teamId = (await createTeamRow(t.database.db, { parentTeamId: subTeamId })).id;
    await createPolicy({ team_id: teamId }, { name: "low", priority: 1 });
    const off = await createPolicy({ team_id: teamId }, { name: "off", priority: 9 });
    await send("PUT", `${BASE}/${off.id}`, admin, { is_active: false });
    await createPolicy({ team_id: teamId }, { name: "high", priority: 5 });
  });

  it("lists one team's policies, inactive included, highest priority first", async () => {
    const response = await send("GET", `${BASE}?team_id=${teamId}`, admin);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(3);
    expect(body.items.map((p: Policy) => [p.name, p.is_active])).toEqual([
      ["off", false],
      ["high", true],
      ["low", true],
    ]);
  });

  it("needs exactly one filter", async () => {
    expect((await send("GET", BASE, admin)).statusCode).toBe(422);
    expect((await send("GET", `${BASE}?team_id=${teamId}&user_id=${member.userId}`, admin)).statusCode).toBe(422);
    expect((await send("GET", `${BASE}?team_id=nope`, admin)).statusCode).toBe(422);
  });

  it("needs credentials", async () => {
    expect((await send("GET", `${BASE}?team_id=${teamId}`, null)).statusCode).toBe(401);
  });

  it("lets members read their own team's and the teams above it, not a sibling's or one below", async () => {
    expect((await send("GET", `${BASE}?team_id=${subTeamId}`, member)).statusCode).toBe(200);
    expect((await send("GET", `${BASE}?team_id=${ownedTeamId}`, member)).statusCode).toBe(200);
    expect((await send("GET", `${BASE}?team_id=${admin.teamId}`, member)).statusCode).toBe(200);
    expect((await send("GET", `${BASE}?team_id=${siblingTeamId}`, member)).statusCode).toBe(403);
    expect((await send("GET", `${BASE}?team_id=${teamId}`, member)).statusCode).toBe(403);
  });

  it("lets a team owner read every team below it", async () => {
    expect((await send("GET", `${BASE}?team_id=${teamId}`, owner)).statusCode).toBe(200);
    expect((await send("GET", `${BASE}?team_id=${siblingTeamId}`, owner)).statusCode).toBe(403);
  });

  it("shows personal policies to the user and their managers only", async () => {
    const personal = await createPolicy({ user_id: colleague.userId });
    const own = await send("GET", `${BASE}?user_id=${colleague.userId}`, colleague);
    expect(own.statusCode).toBe(200);
    expect(own.json().items.map((p: Policy) => p.id)).toContain(personal.id);
    expect((await send("GET", `${BASE}?user_id=${colleague.userId}`, owner)).statusCode).toBe(200);
    expect((await send("GET", `${BASE}?user_id=${colleague.userId}`, member)).statusCode).toBe(403);
  });

  it("shows a project's policies to its lead and members and to readers of its team", async () => {
    const url = `${BASE}?project_id=${projectId}`;
    const collaborator = await createUserSession(t.app, t.database.db, { teamId: siblingTeamId });
    await t.database.db.insert(projectMembers).values({ projectId, userId: collaborator.userId });
    expect((await send("GET", url, lead)).statusCode).toBe(200);
    expect((await send("GET", url, collaborator)).statusCode).toBe(200);
    expect((await send("GET", url, member)).statusCode).toBe(200);
    expect((await send("GET", url, outsider)).statusCode).toBe(403);
  });
});

describe("GET /policies/effective", () => {
  let teamId: string;
  let user: Session;
  let teamProjectId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = t.database.db;
    teamId = (await createTeamRow(db, { parentTeamId: subTeamId })).id;
    user = await createUserSession(t.app, db, { teamId });
    const slug = unique("eff").toLowerCase();
    const [project] = await db.insert(projects).values({ teamId, name: slug, slug }).returning();
    if (!project) throw new Error("no project");
    teamProjectId = project.id;
    ids.root = (await createPolicy({ team_id: admin.teamId }, { name: "org", priority: 1 })).id;
    ids.owned = (await createPolicy({ team_id: ownedTeamId }, { name: "owned", priority: 7 })).id;
    ids.sub = (await createPolicy({ team_id: subTeamId }, { name: "sub", priority: 7 })).id;
    ids.own = (await createPolicy({ team_id: teamId }, { name: "own", priority: 2 })).id;
    ids.personal = (await createPolicy({ user_id: user.userId }, { name: "personal", priority: 4 })).id;
    ids.project = (await createPolicy({ project_id: teamProjectId }, { name: "project", priority: 3 })).id;
    const off = await createPolicy({ team_id: teamId }, { name: "off", priority: 100 });
    await send("PUT", `${BASE}/${off.id}`, admin, { is_active: false });
  });

  const inheritedNames = (body: { inherited: Policy[] }) =>
    body.inherited.filter((p) => Object.values(ids).includes(p.id)).map((p) => p.name);

  it("resolves the caller's own governance with the project, flagging inherited ones", async () => {
    const response = await send("GET", `${BASE}/effective?user_id=${user.userId}&project_id=${teamProjectId}`, user);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(inheritedNames(body)).toEqual(["owned", "sub", "org"]);
    expect(body.inherited.every((p: Policy) => p.is_inherited)).toBe(true);
    expect(body.local.map((p: Policy) => p.name)).toEqual(["personal", "project", "own"]);
    expect(body.local.every((p: Policy) => !p.is_inherited)).toBe(true);
  });

  it("resolves a team: its own local, the ancestors' inherited", async () => {
    const response = await send("GET", `${BASE}/effective?team_id=${teamId}`, user);
    expect(response.statusCode).toBe(200);
    expect(response.json().local.map((p: Policy) => p.name)).toEqual(["own"]);
    expect(inheritedNames(response.json())).toEqual(["owned", "sub", "org"]);
  });

  it("lets team managers and admins read a user's governance, not other members", async () => {
    const url = `${BASE}/effective?user_id=${user.userId}`;
    expect((await send("GET", url, owner)).statusCode).toBe(200);
    expect((await send("GET", url, admin)).statusCode).toBe(200);
    const response = await send("GET", url, member);
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toContain("your own governance");
  });

  it("refuses a project the caller may not read", async () => {
    const response = await send(
      "GET",
      `${BASE}/effective?user_id=${outsider.userId}&project_id=${teamProjectId}`,
      outsider,
    );
    expect(response.statusCode).toBe(403);
  });

  it("answers an admin asking about an unknown user with empty lists", async () => {
    const response = await send("GET", `${BASE}/effective?user_id=${randomUUID()}`, admin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ inherited: [], local: [] });
  });

  it("needs a user_id or team_id, and is not mistaken for a policy id", async () => {
    const response = await send("GET", `${BASE}/effective`, user);
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe("Provide user_id or team_id");
    const projectOnly = await send("GET", `${BASE}/effective?project_id=${teamProjectId}`, user);
    expect(projectOnly.statusCode).toBe(400);
  });

  it("needs credentials and well-formed ids", async () => {
    expect((await send("GET", `${BASE}/effective?user_id=${user.userId}`, null)).statusCode).toBe(401);
    expect((await send("GET", `${BASE}/effective?user_id=abc`, user)).statusCode).toBe(422);
  });
});

describe("GET /policies/:policy_id", () => {
  it("returns a policy to a reader of its team, inactive ones too", async () => {
    const policy = await createPolicy({ team_id: subTeamId });
    await send("PUT", `${BASE}/${policy.id}`, admin, { is_active: false });
    const response = await send("GET", `${BASE}/${policy.id}`, member);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: policy.id, is_active: false, is_inherited: false });
    expect((await send("GET", `${BASE}/${policy.id}`, outsider)).statusCode).toBe(403);
  });

  it("answers 404 for an unknown id and 422 for a malformed one", async () => {
    const missing = await send("GET", `${BASE}/${randomUUID()}`, admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Policy not found");
    expect((await send("GET", `${BASE}/not-a-uuid`, admin)).statusCode).toBe(422);
  });
});

describe("PUT /policies/:policy_id", () => {
  it("changes the given fields and keeps absent or null ones", async () => {
    const policy = await createPolicy({ team_id: subTeamId }, { description: "keep me", priority: 2 });
    const response = await send("PUT", `${BASE}/${policy.id}`, owner, {
      name: "Renamed",
      enforcement_type: "inject",
      content: "New content",
      priority: 8,
      description: null,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      name: "Renamed",
      enforcement_type: "inject",
      content: "New content",
      priority: 8,
      description: "keep me",
      team_id: subTeamId,
      is_active: true,
    });
    expect(new Date(body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(body.created_at).getTime());
  });

  it("takes a deactivated policy out of effect", async () => {
    const policy = await createPolicy({ team_id: subTeamId }, { name: unique("soon-off") });
    const before = await send("GET", `${BASE}/effective?team_id=${subTeamId}`, owner);
    expect(before.json().local.map((p: Policy) => p.id)).toContain(policy.id);
    await send("PUT", `${BASE}/${policy.id}`, owner, { is_active: false });
    const after = await send("GET", `${BASE}/effective?team_id=${subTeamId}`, owner);
    expect(after.json().local.map((p: Policy) => p.id)).not.toContain(policy.id);
  });

  it("forbids members and owners of other teams", async () => {
    const policy = await createPolicy({ team_id: subTeamId });
    expect((await send("PUT", `${BASE}/${policy.id}`, member, { name: "x" })).statusCode).toBe(403);
    expect((await send("PUT", `${BASE}/${policy.id}`, outsider, { name: "x" })).statusCode).toBe(403);
  });

  it("answers 401, 404 and 422", async () => {
    const policy = await createPolicy({ team_id: subTeamId });
    expect((await send("PUT", `${BASE}/${policy.id}`, null, { name: "x" })).statusCode).toBe(401);
    const missing = await send("PUT", `${BASE}/${randomUUID()}`, admin, { name: "x" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Policy not found");
    expect((await send("PUT", `${BASE}/${policy.id}`, admin, { enforcement_type: "rewrite" })).statusCode).toBe(422);
    expect((await send("PUT", `${BASE}/${policy.id}`, admin, { content: "" })).statusCode).toBe(422);
  });

  it("lets the project lead edit the project's policies", async () => {
    const policy = await createPolicy({ project_id: projectId });
    const response = await send("PUT", `${BASE}/${policy.id}`, lead, { priority: 3 });
    expect(response.statusCode).toBe(200);
    expect(response.json().priority).toBe(3);
  });
});

describe("DELETE /policies/:policy_id", () => {
  it("deletes a policy for its managers", async () => {
    const policy = await createPolicy({ team_id: subTeamId });
    expect((await send("DELETE", `${BASE}/${policy.id}`, member)).statusCode).toBe(403);
    const response = await send("DELETE", `${BASE}/${policy.id}`, owner);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect((await send("GET", `${BASE}/${policy.id}`, admin)).statusCode).toBe(404);
  });

  it("answers 401 and 404", async () => {
    const policy = await createPolicy({ team_id: subTeamId });
    expect((await send("DELETE", `${BASE}/${policy.id}`, null)).statusCode).toBe(401);
    expect((await send("DELETE", `${BASE}/${randomUUID()}`, admin)).statusCode).toBe(404);
  });
});
