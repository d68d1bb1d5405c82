import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createUserSession, registerAdmin, type Session, unique } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";

let t: TestContext;
let admin: Session;
let promptName: string;
let workflowId: string;

beforeAll(async () => {
  t = await createTestContext({ EXPAND_RATE_LIMIT_MAX: "3", WORKFLOW_RUN_RATE_LIMIT_MAX: "2" });
  admin = await registerAdmin(t.app);
  promptName = unique("limited").toLowerCase();
  const prompt = await t.app.inject({
    method: "POST",
    url: "/api/v1/prompts",
    headers: admin.auth,
    payload: { name: promptName, visibility: "public", version: { version: "1", user_template: "hi {{ input }}" } },
  });
  expect(prompt.statusCode, prompt.body).toBe(201);
  const workflow = await t.app.inject({
    method: "POST",
    url: "/api/v1/workflows",
    headers: admin.auth,
    payload: { name: unique("limited"), visibility: "public", steps: [{ id: "one", prompt_name: promptName }] },
  });
  expect(workflow.statusCode, workflow.body).toBe(201);
  workflowId = workflow.json().id;
});
afterAll(async () => t?.close());

const expand = (session: Session | null, remoteAddress = "203.0.113.7") =>
  t.app.inject({
    method: "POST",
    url: `/api/v1/expand/${promptName}`,
    headers: session?.auth ?? {},
    remoteAddress,
    payload: { input: { input: "x" } },
  });

const runWorkflow = (session: Session | null, remoteAddress = "203.0.113.7") =>
  t.app.inject({
    method: "POST",
    url: `/api/v1/workflows/${workflowId}/run`,
    headers: session?.auth ?? {},
    remoteAddress,
    payload: { input: { input: "x" } },
  });

function expectLimited(response: Awaited<ReturnType<typeof expand>>, what: string, max: number) {
  expect(response.statusCode).toBe(429);
  const retryAfter = Number(response.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.json()).toEqual({
    code: "rate_limited",
    detail: `Too many ${what}: at most ${max} a minute per caller; try again in ${retryAfter} s`,
  });
}

describe("per-caller limits", () => {
  it("answers 429 with Retry-After once an anonymous client has used its expansions, counting per address", async () => {
    for (let i = 0; i < 3; i++) expect((await expand(null)).statusCode).toBe(200);
    expectLimited(await expand(null), "expansions", 3);
    expect((await expand(null, "203.0.113.8")).statusCode).toBe(200);
  });

  it("counts a signed-in caller as themselves, whatever address they come from", async () => {
    const session = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
    for (let i = 0; i < 3; i++) expect((await expand(session, `198.51.100.${i}`)).statusCode).toBe(200);
    expectLimited(await expand(session, "198.51.100.99"), "expansions", 3);
  });

  it("limits workflow runs on their own budget", async () => {
    for (let i = 0; i < 2; i++) expect((await runWorkflow(null, "192.0.2.1")).statusCode).toBe(200);
    expectLimited(await runWorkflow(null, "192.0.2.1"), "workflow runs", 2);
    expect((await expand(null, "192.0.2.1")).statusCode).toBe(200);
  });
});

describe("limit settings", () => {
  it("reads the limits per minute from the environment; 0 turns a limit off", () => {
    expect(loadConfig({})).toMatchObject({ expandRateLimitMax: 600, workflowRunRateLimitMax: 60 });
    expect(loadConfig({ EXPAND_RATE_LIMIT_MAX: "0", WORKFLOW_RUN_RATE_LIMIT_MAX: "5" })).toMatchObject({
      expandRateLimitMax: 0,
      workflowRunRateLimitMax: 5,
    });
    expect(() => loadConfig({ EXPAND_RATE_LIMIT_MAX: "-1" })).toThrow(/EXPAND_RATE_LIMIT_MAX/);
  });
});
