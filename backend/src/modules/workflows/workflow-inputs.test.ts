import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../db/schema.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, sender, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

/** What a workflow's steps receive: schema defaults, optional inputs, and each step's rendered template once. */

let t: TestContext;
let send: ReturnType<typeof sender>;
let author: Session;
let teamId: string;

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  const admin = await registerAdmin(t.app);
  teamId = (await createTeamRow(t.database.db, { parentTeamId: admin.teamId })).id;
  author = await createUserSession(t.app, t.database.db, { teamId });
});
afterAll(async () => t?.close());

async function createPrompt(userTemplate: string, properties: Record<string, unknown>) {
  const name = unique("step").toLowerCase();
  const response = await send("POST", "/api/v1/prompts", author, {
    name,
    version: { version: "1", user_template: userTemplate, input_schema: { type: "object", properties } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return name;
}

async function runWorkflow(steps: { id: string; prompt_name: string; depends_on?: string[] }[], input: object) {
  const created = await send("POST", "/api/v1/workflows", author, { name: unique("flow"), steps });
  expect(created.statusCode, created.body).toBe(201);
  const run = await send("POST", `/api/v1/workflows/${created.json().id}/run`, author, { input });
  expect(run.statusCode, run.body).toBe(200);
  return run.json();
}

describe("workflow steps", () => {
  it("get their prompt's schema defaults, and absent optional inputs are falsy", async () => {
    const prompt = await createPrompt(
      "{{ input }}|{% if audience %}for {{ audience }}{% else %}for everyone{% endif %}|tone={{ tone }}",
      {
        input: { type: "string" },
        audience: { type: "string" },
        tone: { type: "string", default: "friendly" },
      },
    );
    const run = await runWorkflow([{ id: "draft", prompt_name: prompt }], { input: "notes" });
    expect(run.steps[0]).toMatchObject({ status: "success", user_message: "notes|for everyone|tone=friendly" });
  });

  it("hand on their rendered template, so the caller's policies appear once per step", async () => {
    await t.database.db.insert(policies).values([
      { teamId, name: unique("pre"), enforcementType: "prepend", content: "PREPEND RULE" },
      { teamId, name: unique("post"), enforcementType: "append", content: "APPEND RULE" },
    ]);
    await t.changesSeen();
    const summarize = await createPrompt("Summary of {{ input }}", { input: { type: "string" } });
    const critique = await createPrompt("Critique [{{ summary }}] after [{{ input }}]", {
      input: { type: "string" },
      summary: { type: "string" },
    });
    const run = await runWorkflow(
      [
        { id: "summary", prompt_name: summarize },
        { id: "critique", prompt_name: critique, depends_on: ["summary"] },
      ],
      { input: "the diff" },
    );
    expect(run.steps[0]).toMatchObject({
      system_message: "PREPEND RULE",
      user_message: "Summary of the diff\n\nAPPEND RULE",
    });
    expect(run.steps[1]).toMatchObject({
      system_message: "PREPEND RULE",
      user_message: "Critique [Summary of the diff] after [Summary of the diff]\n\nAPPEND RULE",
    });
    expect(run.outputs).toEqual({
      summary: "Summary of the diff\n\nAPPEND RULE",
      critique: "Critique [Summary of the diff] after [Summary of the diff]\n\nAPPEND RULE",
    });
  });

  it("may not be named like a governance variable", async () => {
    const prompt = await createPrompt("{{ input }}", { input: { type: "string" } });
    for (const reserved of ["policies", "objectives", "governance"]) {
      const response = await send("POST", "/api/v1/workflows", author, {
        name: unique("flow"),
        steps: [{ id: reserved, prompt_name: prompt }],
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().detail).toEqual([
        expect.objectContaining({
          loc: ["body", "steps", 0, "id"],
          msg: "'policies', 'objectives', 'governance' are reserved: governance fills them for every step",
        }),
      ]);
    }
  });
});
