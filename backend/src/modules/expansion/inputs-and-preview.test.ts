import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { type EnforcementType, objectives, policies, promptUsage } from "../../db/schema.js";
import {
  createGovernanceOrg,
  createPromptThroughApi,
  createTeamRow,
  createUserSession,
  type GovernanceOrg,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let db: Db;
let send: ReturnType<typeof sender>;
let org: GovernanceOrg;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, db);
});
afterAll(async () => t?.close());

async function createPrompt(
  session: Session,
  version: { user_template: string; system_template?: string; input_schema: Record<string, unknown> },
  visibility = "org",
) {
  return createPromptThroughApi(t.app, session, unique("inputs").toLowerCase(), version, visibility);
}

async function addPolicy(
  owner: { teamId?: string; userId?: string; projectId?: string },
  type: EnforcementType,
  content: string,
) {
  await db.insert(policies).values({
    teamId: owner.teamId ?? null,
    userId: owner.userId ?? null,
    projectId: owner.projectId ?? null,
    name: unique("policy"),
    enforcementType: type,
    content,
  });
}

async function addObjective(owner: { teamId?: string; userId?: string }, title: string, description?: string) {
  await db.insert(objectives).values({
    teamId: owner.teamId ?? null,
    userId: owner.userId ?? null,
    title,
    description: description ?? null,
  });
}

const reviewSchema = {
  type: "object",
  properties: {
    code: { type: "string" },
    review: { type: "string" },
    strict: { type: "boolean", default: true },
    max_comments: { type: "integer", default: 5 },
  },
  required: ["code"],
};
const reviewTemplate =
  "{{ code }}|{% if review %}review: {{ review }}{% else %}no review{% endif %}|[{{ review }}]|" +
  "{{ review is defined }}|strict={{ strict }}|max={{ max_comments }}";

describe("optional and default inputs over REST", () => {
  it("fills schema defaults and renders absent optional inputs as falsy; a missing required input is 422", async () => {
    const name = await createPrompt(org.admin, { user_template: reviewTemplate, input_schema: reviewSchema });
    const bare = await send("POST", `/api/v1/expand/${name}`, org.member, { input: { code: "x = 1" } });
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json().user_message).toBe("x = 1|no review|[]|false|strict=true|max=5");

    const full = await send("POST", `/api/v1/expand/${name}`, org.member, {
      input: { code: "y", review: "tabs", strict: false, max_comments: 2 },
    });
    expect(full.json().user_message).toBe("y|review: tabs|[tabs]|true|strict=false|max=2");

    const missing = await send("POST", `/api/v1/expand/${name}`, org.member, { input: { review: "r" } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail).toEqual([
      expect.objectContaining({ loc: ["body", "input", "code"], type: "required" }),
    ]);
  });

  it("checks the filled-in defaults against the schema like any input", async () => {
    const name = await createPrompt(org.admin, {
      user_template: "{{ level }}",
      input_schema: { type: "object", properties: { level: { type: "integer", minimum: 1, default: 0 } } },
    });
    const response = await send("POST", `/api/v1/expand/${name}`, org.member, { input: {} });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toEqual([expect.objectContaining({ loc: ["body", "input", "level"] })]);
  });
});

describe("the governance variable", () => {
  const template =
    "{% for o in governance.objectives %}{{ loop.index }}. {{ o.title }} - {{ o.description }} ({{ o.source }})\n" +
    "{% else %}no objectives\n{% endfor %}" +
    "{% for p in governance.policies %}* {{ p.name }}: {{ p.content }} ({{ p.source }})\n{% endfor %}" +
    "[{{ objectives }}]";

  it("is a list for callers with zero and with three objectives", async () => {
    const name = await createPrompt(org.admin, { user_template: template, input_schema: { type: "object" } });
    const parent = await createTeamRow(db, { parentTeamId: org.admin.teamId });
    const team = await createTeamRow(db, { parentTeamId: parent.id });
    const governed = await createUserSession(t.app, db, { teamId: team.id });
    const ungoverned = await createUserSession(t.app, db, { teamId: (await createTeamRow(db, {})).id });
    await addObjective({ teamId: parent.id }, "Ship v2", "by June");
    await addObjective({ teamId: team.id }, "Fewer bugs");
    await addObjective({ userId: governed.userId }, "Learn Rust");
    await addPolicy({ teamId: team.id }, "inject", "Use British spelling.");

    const none = await send("POST", `/api/v1/expand/${name}`, ungoverned, { input: {} });
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json().user_message).toBe("no objectives\n[]");

    const three = await send("POST", `/api/v1/expand/${name}`, governed, { input: {} });
    expect(three.statusCode, three.body).toBe(200);
    const policyName = three.json().applied_policies[0];
    expect(three.json().user_message).toBe(
      "1. Ship v2 - by June (inherited)\n2. Fewer bugs -  (team)\n3. Learn Rust -  (user)\n" +
        `* ${policyName}: Use British spelling. (team)\n` +
        "[Ship v2\nFewer bugs\nLearn Rust]",
    );
  });
});

describe("preview as", () => {
  let prompt: string;
  const input = { code: "print(1)" };

  beforeAll(async () => {
    prompt = await createPrompt(org.admin, {
      system_template: "Policies: {{ policies }}",
      user_template: `${reviewTemplate}\nGoals: {{ objectives }}`,
      input_schema: reviewSchema,
    });
    await addPolicy({ teamId: org.subTeamId }, "prepend", "Team rule.");
    await addPolicy({ userId: org.member.userId }, "inject", "Member's own rule.");
    await addPolicy({ projectId: org.projectId }, "append", "Project rule.");
    await addObjective({ userId: org.member.userId }, "Member goal");
    // Written straight to the database: the member's governance was cached by the expansions
    // above, so the app takes in the change feed's word of these rows before expanding again.
    await t.changesSeen();
  });

  const preview = (session: Session, body: Record<string, unknown>) =>
    send("POST", `/api/v1/expand/${prompt}/preview`, session, { input, ...body });

  it("as a member equals that member's own expansion, byte for byte, with and without a project", async () => {
    const own = await send("POST", `/api/v1/expand/${prompt}`, org.member, { input });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().system_message).toBe("Team rule.\n\nPolicies: Member's own rule.");
    for (const previewer of [org.owner, org.admin]) {
      const previewed = await preview(previewer, { as_user_id: org.member.userId });
      expect(previewed.statusCode, previewed.body).toBe(200);
      expect(previewed.body).toBe(own.body);
    }

    const ownInProject = await send("POST", `/api/v1/expand/${prompt}`, org.member, {
      input,
      project_id: org.projectId,
    });
    const previewedInProject = await preview(org.owner, { as_user_id: org.member.userId, project_id: org.projectId });
    expect(previewedInProject.body).toBe(ownInProject.body);
    expect(ownInProject.json().user_message).toMatch(/Project rule\.$/);
  });

  it("as a team applies the team's governance without anyone's own; alone, a project adds its team's", async () => {
    const team = await preview(org.owner, { as_team_id: org.subTeamId });
    expect(team.statusCode, team.body).toBe(200);
    expect(team.json()).toMatchObject({ system_message: "Team rule.\n\nPolicies: ", objectives: [] });

    const project = await preview(org.lead, { project_id: org.projectId });
    expect(project.statusCode, project.body).toBe(200);
    expect(project.json().system_message).toBe("Team rule.\n\nPolicies: ");
    expect(project.json().user_message).toMatch(/Project rule\.$/);
  });

  it("expands the version asked for", async () => {
    const added = await send("PUT", `/api/v1/prompts/${prompt}`, org.admin, {
      version: "2",
      user_template: "v2 {{ code }}",
      input_schema: reviewSchema,
    });
    expect(added.statusCode, added.body).toBe(201);
    const first = await preview(org.owner, { as_user_id: org.member.userId, version: "1" });
    expect(first.json().prompt_version).toBe("1");
    const latest = await preview(org.owner, { as_user_id: org.member.userId });
    expect(latest.json()).toMatchObject({ prompt_version: "2", user_message: "v2 print(1)" });
  });

  it("is for those who govern the target: others get 403", async () => {
    const cases: [Session, Record<string, unknown>][] = [
      [org.outsider, { as_user_id: org.member.userId }],
      [org.colleague, { as_user_id: org.member.userId }],
      [org.outsider, { as_team_id: org.subTeamId }],
      [org.member, { project_id: org.projectId }],
      [org.lead, { as_user_id: org.member.userId }],
    ];
    for (const [session, body] of cases) {
      const response = await preview(session, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(403);
    }
    expect((await preview(org.outsider, { as_user_id: org.member.userId })).json().detail).toBe(
      "Only admins and owners of one of the user's teams or a team above it may preview as this user",
    );
  });

  it("names a missing or doubled target, a hidden prompt, unknown users and anonymous callers", async () => {
    expect((await preview(org.owner, {})).json()).toEqual({
      detail: "Name who to preview as: as_user_id, as_team_id or project_id",
      code: "preview_target",
    });
    const both = await preview(org.owner, { as_user_id: org.member.userId, as_team_id: org.subTeamId });
    expect(both.statusCode).toBe(422);
    const unknownUser = await preview(org.owner, { as_user_id: "00000000-0000-4000-8000-000000000000" });
    expect(unknownUser.statusCode).toBe(404);
    const hidden = await createPrompt(
      org.member,
      { user_template: "{{ code }}", input_schema: reviewSchema },
      "private",
    );
    const notVisible = await send("POST", `/api/v1/expand/${hidden}/preview`, org.owner, {
      input,
      as_user_id: org.member.userId,
    });
    expect(notVisible.statusCode).toBe(404);
    expect(notVisible.json().detail).toBe(`Prompt '${hidden}' not found`);
    const ownersOnly = await createPrompt(
      org.owner,
      { user_template: "{{ code }}", input_schema: reviewSchema },
      "private",
    );
    const targetCannotSee = await send("POST", `/api/v1/expand/${ownersOnly}/preview`, org.owner, {
      input,
      as_user_id: org.member.userId,
    });
    expect(targetCannotSee.statusCode).toBe(404);
    expect(targetCannotSee.json().detail).toBe(
      `${org.member.username} cannot see this prompt: their IDE is told "Prompt '${ownersOnly}' not found"`,
    );
    const anonymous = await send("POST", `/api/v1/expand/${prompt}/preview`, null, {
      input,
      as_team_id: org.subTeamId,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("is not counted as usage", async () => {
    await t.app.usage.flush();
    const count = async () =>
      (
        await db
          .select()
          .from(promptUsage)
          .where(and(eq(promptUsage.promptName, prompt)))
      ).length;
    const before = await count();
    expect((await preview(org.owner, { as_user_id: org.member.userId })).statusCode).toBe(200);
    expect((await preview(org.owner, { as_team_id: org.subTeamId })).statusCode).toBe(200);
    await send("POST", `/api/v1/expand/${prompt}`, org.member, { input });
    await t.app.usage.flush();
    expect(await count()).toBe(before + 1);
  });
});
