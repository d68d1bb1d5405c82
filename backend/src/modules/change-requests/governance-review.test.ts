import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../db/schema.js";
import {
  createGovernanceOrg,
  createTeamRow,
  createUserSession,
  type GovernanceOrg,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;
/** T: a team below the owner's team, with an owner of its own. */
let team: { id: string; name: string };
let teamOwner: Session;
/** A member of T, who reads its governance but manages nothing. */
let teamMember: Session;
let secondAdmin: Session;

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  const db = t.database.db;
  org = await createGovernanceOrg(t.app, db);
  teamOwner = await createUserSession(t.app, db, { teamId: org.ownedTeamId });
  const row = await createTeamRow(db, {
    parentTeamId: org.ownedTeamId,
    ownerId: teamOwner.userId,
    name: unique("Platform"),
  });
  team = { id: row.id, name: row.name };
  teamMember = await createUserSession(t.app, db, { teamId: team.id });
  secondAdmin = await createUserSession(t.app, db, { teamId: org.admin.teamId, role: "admin" });
});
afterAll(async () => t?.close());

async function setReview(mode: "off" | "all" | "selected", teamIds: string[] = []) {
  const response = await send("PATCH", "/api/v1/settings", org.admin, {
    governance_review: mode,
    governance_review_team_ids: teamIds,
  });
  expect(response.statusCode, response.body).toBe(200);
}

const policyBody = (teamId: string, name = unique("Security baseline")) => ({
  team_id: teamId,
  name,
  enforcement_type: "prepend",
  content: "Never paste secrets.",
  priority: 5,
});

async function expectStatus(
  status: number,
  method: "POST" | "PUT" | "DELETE",
  url: string,
  session: Session,
  payload?: object,
) {
  const response = await send(method, url, session, payload);
  expect(response.statusCode, response.body).toBe(status);
  return response.body ? response.json() : null;
}

/** A policy of `teamId` created while nothing is under review. */
async function existingPolicy(teamId: string, mode: () => Promise<void>) {
  await setReview("off");
  const policy = await expectStatus(201, "POST", "/api/v1/policies", org.admin, policyBody(teamId));
  await mode();
  return policy;
}

const approve = (session: Session, id: string, body: object = {}) =>
  send("POST", `/api/v1/change-requests/${id}/approve`, session, body);

const teamPolicies = async (teamId: string) =>
  (await send("GET", `/api/v1/policies?team_id=${teamId}`, org.admin)).json().items as { id: string; name: string }[];

const policyOf = (id: string) => send("GET", `/api/v1/policies/${id}`, org.admin);

async function eventsOf(targetType: string, targetId: string) {
  const response = await send("GET", `/api/v1/audit?target_type=${targetType}&target_id=${targetId}`, org.admin);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as { action: string; actor: { user_id: string | null } }[];
}

describe("with governance review off", () => {
  beforeAll(() => setReview("off"));

  it("creates, changes and deletes a team's policies and objectives at once", async () => {
    const policy = await expectStatus(201, "POST", "/api/v1/policies", teamOwner, policyBody(team.id));
    await expectStatus(200, "PUT", `/api/v1/policies/${policy.id}`, teamOwner, { content: "Changed." });
    await expectStatus(204, "DELETE", `/api/v1/policies/${policy.id}`, teamOwner);
    const objective = await expectStatus(201, "POST", "/api/v1/objectives", teamOwner, {
      team_id: team.id,
      title: "Ship v2",
    });
    await expectStatus(200, "PUT", `/api/v1/objectives/${objective.id}`, teamOwner, { status: "done" });
    await expectStatus(204, "DELETE", `/api/v1/objectives/${objective.id}`, teamOwner);
  });
});

describe("with review on selected teams", () => {
  beforeAll(() => setReview("selected", [team.id]));

  it("proposes a new policy (202) and creates nothing until an owner of the team above approves it", async () => {
    const body = policyBody(team.id);
    const request = await expectStatus(202, "POST", "/api/v1/policies", teamOwner, body);
    expect(request).toMatchObject({
      kind: "governance",
      state: "open",
      title: `Policy '${body.name}' on ${team.name}: create`,
      author: { id: teamOwner.userId },
      prompt: null,
      label: null,
      team: team,
      proposal: {
        subject: "policy",
        operation: "create",
        changes: { name: body.name, enforcement_type: "prepend", content: "Never paste secrets.", priority: 5 },
      },
      can_approve: false,
      can_withdraw: true,
    });
    expect(request.diff).toEqual([
      { field: "name", before: null, after: body.name },
      { field: "enforcement_type", before: null, after: "prepend" },
      { field: "content", before: null, after: "Never paste secrets." },
      { field: "priority", before: null, after: "5" },
    ]);
    expect((await teamPolicies(team.id)).map((policy) => policy.name)).not.toContain(body.name);

    // Members of the team read its governance, so they see the request; people elsewhere do not.
    expect((await send("GET", `/api/v1/change-requests/${request.id}`, teamMember)).statusCode).toBe(200);
    expect((await send("GET", `/api/v1/change-requests/${request.id}`, org.outsider)).statusCode).toBe(404);
    const inbox = (await send("GET", "/api/v1/change-requests?to_review=true", org.owner)).json();
    expect(inbox.items.map((item: { id: string }) => item.id)).toContain(request.id);

    const approved = await approve(org.owner, request.id);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: "approved", decided_by: { id: org.owner.userId } });
    const created = (await teamPolicies(team.id)).find((policy) => policy.name === body.name);
    expect(created).toBeDefined();
    const effective = (await send("GET", `/api/v1/policies/effective?team_id=${team.id}`, teamMember)).json();
    expect(effective.local.map((policy: { name: string }) => policy.name)).toContain(body.name);

    const policyEvents = await eventsOf("policy", created?.id ?? "");
    expect(policyEvents).toMatchObject([{ action: "policy.created", actor: { user_id: org.owner.userId } }]);
    const requestEvents = await eventsOf("change_request", request.id);
    expect(requestEvents.map((event) => [event.action, event.actor.user_id])).toEqual([
      ["change_request.approved", org.owner.userId],
      ["change_request.opened", teamOwner.userId],
    ]);
  });

  it("proposes a change with the diff against the policy in force, and applies it on approval", async () => {
    const policy = await existingPolicy(team.id, () => setReview("selected", [team.id]));
    const request = await expectStatus(202, "PUT", `/api/v1/policies/${policy.id}`, teamOwner, {
      content: "Never paste secrets or keys.",
      priority: 5,
      is_active: true,
    });
    expect(request).toMatchObject({
      title: `Policy '${policy.name}' on ${team.name}: update`,
      proposal: {
        subject: "policy",
        operation: "update",
        id: policy.id,
        changes: { content: "Never paste secrets or keys." },
      },
    });
    expect(request.diff).toEqual([
      { field: "content", before: "Never paste secrets.", after: "Never paste secrets or keys." },
    ]);
    expect((await policyOf(policy.id)).json().content).toBe("Never paste secrets.");

    const own = await approve(teamOwner, request.id);
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe("author_cannot_approve");

    expect((await approve(org.owner, request.id)).statusCode).toBe(200);
    expect((await policyOf(policy.id)).json().content).toBe("Never paste secrets or keys.");
    const events = await eventsOf("policy", policy.id);
    expect(events[0]).toMatchObject({ action: "policy.updated", actor: { user_id: org.owner.userId } });
  });

  it("answers 200 and opens nothing when an edit changes nothing", async () => {
    const policy = await existingPolicy(team.id, () => setReview("selected", [team.id]));
    const same = await expectStatus(200, "PUT", `/api/v1/policies/${policy.id}`, teamOwner, {
      content: policy.content,
    });
    expect(same.updated_at).toBe(policy.updated_at);
  });

  it("proposes a delete, which an admin may approve", async () => {
    const policy = await existingPolicy(team.id, () => setReview("selected", [team.id]));
    const request = await expectStatus(202, "DELETE", `/api/v1/policies/${policy.id}`, teamOwner);
    expect(request.title).toBe(`Policy '${policy.name}' on ${team.name}: delete`);
    expect(request.diff).toContainEqual({ field: "content", before: "Never paste secrets.", after: null });
    expect((await policyOf(policy.id)).statusCode).toBe(200);

    expect((await approve(org.admin, request.id)).statusCode).toBe(200);
    expect((await policyOf(policy.id)).statusCode).toBe(404);
    const events = await eventsOf("policy", policy.id);
    expect(events[0]).toMatchObject({ action: "policy.deleted", actor: { user_id: org.admin.userId } });
  });

  it("lets no owner of the changed team itself approve: only owners of a team above, or admins", async () => {
    const policy = await existingPolicy(team.id, () => setReview("selected", [team.id]));
    const request = await expectStatus(202, "PUT", `/api/v1/policies/${policy.id}`, org.owner, { priority: 9 });
    const fetched = (await send("GET", `/api/v1/change-requests/${request.id}`, teamOwner)).json();
    expect(fetched).toMatchObject({ can_approve: false, can_reject: false });

    const byTeamOwner = await approve(teamOwner, request.id);
    expect(byTeamOwner.statusCode).toBe(403);
    expect(byTeamOwner.json().code).toBe("review_forbidden");
    const byMember = await approve(teamMember, request.id);
    expect(byMember.statusCode).toBe(403);
    expect((await policyOf(policy.id)).json().priority).toBe(5);

    expect((await approve(org.admin, request.id)).statusCode).toBe(200);
    expect((await policyOf(policy.id)).json().priority).toBe(9);
  });

  it("refuses a proposal from someone who may not change the team's policies", async () => {
    const policy = await existingPolicy(team.id, () => setReview("selected", [team.id]));
    await expectStatus(403, "POST", "/api/v1/policies", teamMember, policyBody(team.id));
    await expectStatus(403, "PUT", `/api/v1/policies/${policy.id}`, teamMember, { priority: 1 });
    await expectStatus(403, "DELETE", `/api/v1/policies/${policy.id}`, org.outsider);
  });

  it("changes nothing when the request is rejected", async () => {
    const policy = await existingPolicy(team.id, () => setReview("selected", [team.id]));
    const request = await expectStatus(202, "PUT", `/api/v1/policies/${policy.id}`, teamOwner, { name: "Renamed" });
    const rejected = await send("POST", `/api/v1/change-requests/${request.id}/reject`, org.owner, {
      reason: "Keep the name",
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ state: "rejected", reason: "Keep the name" });
    expect((await policyOf(policy.id)).json().name).toBe(policy.name);
    expect((await approve(org.owner, request.id)).json().code).toBe("change_request_closed");
    expect((await eventsOf("policy", policy.id)).map((event) => event.action)).toEqual(["policy.created"]);
  });

  it("makes a request stale once another change to the same policy is approved", async () => {
    const policy = await existingPolicy(team.id, () => setReview("selected", [team.id]));
    const first = await expectStatus(202, "PUT", `/api/v1/policies/${policy.id}`, teamOwner, { priority: 7 });
    const second = await expectStatus(202, "PUT", `/api/v1/policies/${policy.id}`, teamOwner, {
      content: "Second wording.",
    });
    const elsewhere = await existingPolicy(team.id, () => setReview("selected", [team.id]));
    const unrelated = await expectStatus(202, "PUT", `/api/v1/policies/${elsewhere.id}`, teamOwner, { priority: 1 });

    expect((await approve(org.owner, first.id)).statusCode).toBe(200);
    const staled = (await send("GET", `/api/v1/change-requests/${second.id}`, org.owner)).json();
    expect(staled.state).toBe("stale");
    expect((await send("GET", `/api/v1/change-requests/${unrelated.id}`, org.owner)).json().state).toBe("open");

    const refused = await approve(org.owner, second.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("change_request_stale");
    expect((await policyOf(policy.id)).json().content).toBe("Never paste secrets.");

    expect((await approve(org.owner, second.id, { confirm_stale: true })).statusCode).toBe(200);
    expect((await policyOf(policy.id)).json()).toMatchObject({ priority: 7, content: "Second wording." });
  });

  it("finds a request stale when its policy was deleted meanwhile, and cannot apply it", async () => {
    const policy = await existingPolicy(team.id, () => setReview("selected", [team.id]));
    const change = await expectStatus(202, "PUT", `/api/v1/policies/${policy.id}`, teamOwner, { priority: 8 });
    const removal = await expectStatus(202, "DELETE", `/api/v1/policies/${policy.id}`, teamOwner);
    expect((await approve(org.owner, removal.id)).statusCode).toBe(200);

    expect((await approve(org.owner, change.id)).json().code).toBe("change_request_stale");
    const confirmed = await approve(org.owner, change.id, { confirm_stale: true });
    expect(confirmed.statusCode).toBe(404);
    expect(confirmed.json().detail).toBe("The policy this change request is about no longer exists");
  });

  it("leaves teams not selected, projects and users alone", async () => {
    await expectStatus(201, "POST", "/api/v1/policies", org.admin, policyBody(org.siblingTeamId));
    await expectStatus(201, "POST", "/api/v1/policies", org.owner, policyBody(org.subTeamId));
  });

  it("puts a team's objectives under review too", async () => {
    const proposed = await expectStatus(202, "POST", "/api/v1/objectives", teamOwner, {
      team_id: team.id,
      title: "Ship v2",
      description: "By June",
    });
    expect(proposed).toMatchObject({
      title: `Objective 'Ship v2' on ${team.name}: create`,
      proposal: { subject: "objective", operation: "create" },
    });
    expect(proposed.diff).toEqual([
      { field: "title", before: null, after: "Ship v2" },
      { field: "description", before: null, after: "By June" },
      { field: "status", before: null, after: "active" },
    ]);
    expect((await approve(org.owner, proposed.id)).statusCode).toBe(200);
    const listed = (await send("GET", `/api/v1/objectives?team_id=${team.id}`, teamMember)).json();
    const objective = listed.items.find((item: { title: string }) => item.title === "Ship v2");
    expect(objective).toMatchObject({ description: "By June", status: "active" });

    const update = await expectStatus(202, "PUT", `/api/v1/objectives/${objective.id}`, teamOwner, { status: "done" });
    expect(update.diff).toEqual([{ field: "status", before: "active", after: "done" }]);
    expect((await send("GET", `/api/v1/objectives/${objective.id}`, org.admin)).json().status).toBe("active");
    expect((await approve(org.owner, update.id)).statusCode).toBe(200);
    expect((await send("GET", `/api/v1/objectives/${objective.id}`, org.admin)).json().status).toBe("done");

    const removal = await expectStatus(202, "DELETE", `/api/v1/objectives/${objective.id}`, teamOwner);
    expect((await approve(org.admin, removal.id)).statusCode).toBe(200);
    expect((await send("GET", `/api/v1/objectives/${objective.id}`, org.admin)).statusCode).toBe(404);
    expect((await eventsOf("objective", objective.id)).map((event) => event.action)).toEqual([
      "objective.deleted",
      "objective.updated",
      "objective.created",
    ]);
  });
});

describe("with review on all teams", () => {
  beforeAll(() => setReview("all"));

  it("covers every team; a top-level team's changes are decided by admins only", async () => {
    await expectStatus(202, "POST", "/api/v1/policies", org.owner, policyBody(org.subTeamId));
    await expectStatus(202, "POST", "/api/v1/policies", org.admin, policyBody(org.siblingTeamId));
    const request = await expectStatus(202, "POST", "/api/v1/policies", org.admin, policyBody(org.admin.teamId));
    expect((await approve(org.owner, request.id)).json().code).toBe("review_forbidden");
    expect((await approve(org.admin, request.id)).json().code).toBe("author_cannot_approve");
    expect((await approve(secondAdmin, request.id)).statusCode).toBe(200);
  });

  it("covers organization-wide policies, which admins approve", async () => {
    const [orgWide] = await t.database.db
      .insert(policies)
      .values({ name: unique("Org rule"), enforcementType: "append", content: "Be kind." })
      .returning();
    if (!orgWide) throw new Error("no policy");
    const request = await expectStatus(202, "PUT", `/api/v1/policies/${orgWide.id}`, org.admin, {
      content: "Be kinder.",
    });
    expect(request).toMatchObject({ title: `Policy '${orgWide.name}' organization-wide: update`, team: null });
    expect((await approve(org.owner, request.id)).statusCode).toBe(403);
    expect((await approve(secondAdmin, request.id)).statusCode).toBe(200);
    expect((await policyOf(orgWide.id)).json().content).toBe("Be kinder.");

    // Under `selected`, organization-wide policies are not reviewed.
    await setReview("selected", [team.id]);
    await expectStatus(200, "PUT", `/api/v1/policies/${orgWide.id}`, org.admin, { content: "Be kindest." });
    await setReview("all");
  });

  it("never reviews a project's or a user's policies and objectives", async () => {
    await expectStatus(201, "POST", "/api/v1/policies", org.owner, {
      ...policyBody(org.subTeamId),
      team_id: undefined,
      project_id: org.projectId,
    });
    await expectStatus(201, "POST", "/api/v1/policies", org.owner, {
      ...policyBody(org.subTeamId),
      team_id: undefined,
      user_id: org.member.userId,
    });
    await expectStatus(201, "POST", `/api/v1/projects/${org.projectId}/objectives`, org.lead, { title: "Launch" });
    await expectStatus(201, "POST", "/api/v1/objectives", org.member, { user_id: org.member.userId, title: "Learn" });
  });
});
