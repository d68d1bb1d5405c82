import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGovernanceOrg,
  createPromptThroughApi,
  type GovernanceOrg,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { skillNamesOf } from "./skill-names.js";

let t: TestContext;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;
/** Every prompt name here starts with it, so tests sharing the database can tell theirs apart. */
const mark = unique("sk").toLowerCase();

type SkillItem = {
  name: string;
  skill_name: string;
  description: string;
  version: string;
  content: string;
  digest: string;
};

beforeAll(async () => {
  t = await createTestContext();
  org = await createGovernanceOrg(t.app, t.database.db);
  send = sender(t.app);
  // The member's team has a prepend, an append and a validate policy.
  for (const [name, enforcement_type, content] of [
    ["house-style", "prepend", "Write in British English."],
    ["sign-off", "append", "End with a one-line summary."],
    ["tests-pass", "validate", "The tests pass."],
  ]) {
    const created = await send("POST", "/api/v1/policies", org.owner, {
      team_id: org.subTeamId,
      name: `${mark}-${name}`,
      enforcement_type,
      content,
    });
    expect(created.statusCode, created.body).toBe(201);
  }
  await createPromptThroughApi(
    t.app,
    org.admin,
    `${mark}-review`,
    {
      system_template: "You review {{ language }} code.",
      user_template:
        "Review {{ language }} for {{ audience }}. Look at {% for f in files %}{{ f }} {% endfor %}up to {{ limit * 2 }} issues.{% if strict %} Be strict.{% endif %}",
      input_schema: {
        type: "object",
        properties: {
          language: { type: "string", enum: ["go", "rust"], description: "The language of the code" },
          audience: { type: "string", default: "juniors" },
          files: { type: "array", items: { type: "string" } },
          limit: { type: "integer", default: 5 },
          strict: { type: "boolean" },
        },
        required: ["language", "files"],
      },
    },
    "org",
  );
  await send("PATCH", `/api/v1/prompts/${mark}-review`, org.admin, {
    description: "Reviews code: finds bugs.\nTwo lines.",
  });
  await createPromptThroughApi(t.app, org.admin, `${mark}-secret`, { user_template: "Secret" }, "private");
  await createPromptThroughApi(t.app, org.admin, `${mark}-old`, { user_template: "Old" }, "org");
  expect((await send("DELETE", `/api/v1/prompts/${mark}-old`, org.admin)).statusCode).toBeLessThan(300);
  await createPromptThroughApi(
    t.app,
    org.admin,
    `${mark}-broken`,
    {
      user_template: "Call {{ topic.nothing_here() }} now",
      input_schema: { type: "object", properties: { topic: { type: "string" } } },
    },
    "org",
  );
  await createPromptThroughApi(t.app, org.admin, `${mark}-plain`, { user_template: "Just do it." }, "org");
});
afterAll(async () => t?.close());

async function allSkills(session = org.member, query = "") {
  const response = await send("GET", `/api/v1/skills?limit=100${query}`, session);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as SkillItem[]).filter((item) => item.name.startsWith(mark));
}

const skillOf = async (name: string, session = org.member) =>
  (await allSkills(session)).find((item) => item.name === `${mark}-${name}`);

describe("GET /api/v1/skills", () => {
  it("renders each prompt with the caller's governance and a marker for each input", async () => {
    const skill = await skillOf("review");
    expect(skill).toBeDefined();
    const { content } = skill as SkillItem;
    expect(skill?.skill_name).toBe(`${mark}-review`);
    expect(skill?.version).toBe("1");
    expect(
      content.startsWith(`---\nname: ${mark}-review\ndescription: "Reviews code: finds bugs. Two lines."\n---\n`),
    ).toBe(true);
    expect(content).toContain("## Context and rules\n\nWrite in British English.\n\nYou review <language> code.");
    expect(content).toContain("Review <language> for <audience>. Look at <files> up to 10 issues. Be strict.");
    expect(content).toContain("End with a one-line summary.");
    expect(content).toContain("- **");
    expect(content).toContain("The tests pass.");
    expect(content).toContain("`<language>` marks where the value of that input goes");
    expect(content).toContain('- `<language>` (string, required): The language of the code. One of: `"go"`, `"rust"`.');
    expect(content).toContain('- `<audience>` (string, optional) Default: `"juniors"`.');
    expect(content).toContain("- `<files>` (array, required)");
    expect(skill?.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("builds for the caller: another team's member gets no team policies", async () => {
    const skill = await skillOf("review", org.outsider);
    expect(skill?.content).not.toContain("British English");
  });

  it("leaves out others' private prompts and deprecated ones", async () => {
    const names = (await allSkills()).map((item) => item.name);
    expect(names).toContain(`${mark}-plain`);
    expect(names).not.toContain(`${mark}-secret`);
    expect(names).not.toContain(`${mark}-old`);
    expect((await allSkills(org.admin)).map((item) => item.name)).toContain(`${mark}-secret`);
  });

  it("shows a template that cannot render without input as written, with a note", async () => {
    const skill = await skillOf("broken");
    expect(skill?.content).toContain("could not be rendered without real input");
    expect(skill?.content).toContain("Call {{ topic.nothing_here() }} now");
    expect(skill?.content).toContain("Write in British English.");
  });

  it("pages with limit and cursor, in name order, without repeating", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const response = await send("GET", `/api/v1/skills?limit=2${query}`, org.member);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((item: SkillItem) => item.name));
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((name) => name.startsWith(mark))).toEqual([`${mark}-broken`, `${mark}-plain`, `${mark}-review`]);
    const bad = await send("GET", "/api/v1/skills?cursor=%%%", org.member);
    expect(bad.statusCode).toBe(422);
  });

  it("needs a signed-in caller with the expand scope", async () => {
    expect((await send("GET", "/api/v1/skills", null)).statusCode).toBe(401);
    for (const [scopes, status] of [
      [["read"], 403],
      [["read", "expand"], 200],
    ] as const) {
      const key = await send("POST", `/api/v1/users/${org.member.userId}/api-keys`, org.member, {
        name: unique("k"),
        scopes,
      });
      const response = await t.app.inject({
        method: "GET",
        url: "/api/v1/skills",
        headers: { authorization: `Bearer ${key.json().raw_key}` },
      });
      expect(response.statusCode, scopes.join(" ")).toBe(status);
    }
  });

  it("adds a project's governance, for those who may use the project", async () => {
    const policy = await send("POST", "/api/v1/policies", org.lead, {
      project_id: org.projectId,
      name: `${mark}-project-rule`,
      enforcement_type: "prepend",
      content: "Follow the project's ADRs.",
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const withProject = (await allSkills(org.member, `&project_id=${org.projectId}`)).find(
      (item) => item.name === `${mark}-plain`,
    );
    expect(withProject?.content).toContain("Follow the project's ADRs.");
    expect((await skillOf("plain"))?.content).not.toContain("ADRs");
    const outsider = await send("GET", `/api/v1/skills?project_id=${org.projectId}`, org.outsider);
    expect(outsider.statusCode).toBe(403);
  });
});

describe("skill names", () => {
  it("keep fitting names and map the others, distinct from each other", () => {
    const names = skillNamesOf(["code-review", "Code_Review", "a".repeat(80), "--", "Ünïcode Name"]);
    expect(names.get("code-review")).toBe("code-review");
    expect(names.get("Code_Review")).toMatch(/^code-review-[0-9a-f]{8}$/);
    expect(names.get("a".repeat(80))).toBe("a".repeat(64));
    expect(names.get("--")).toBe("prompt");
    expect(names.get("Ünïcode Name")).toBe("unicode-name");
    for (const name of names.values()) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
