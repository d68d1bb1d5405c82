import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { promptUsage } from "../../db/schema.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let db: Db;
let admin: Session;
let owner: Session;
let sharee: Session;
let other: Session;
let subTeamId: string;

/** Declares every variable the template reads, as text: these tests are about wiring, not input schemas. */
const schemaFor = (template: string, required: string[] = []) => ({
  type: "object",
  properties: Object.fromEntries([...template.matchAll(/{{\s*(\w+)/g)].map(([, name]) => [name, { type: "string" }])),
  required,
});

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
  subTeamId = (await createTeamRow(db, { parentTeamId: admin.teamId })).id;
  owner = await createUserSession(t.app, db, { teamId: subTeamId });
  sharee = await createUserSession(t.app, db, { teamId: subTeamId });
  other = await createUserSession(t.app, db, { teamId: admin.teamId });
});
afterAll(async () => t?.close());

async function api(session: Session | null, method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: session?.auth ?? {}, payload: payload as object });
}

async function createPrompt(
  session: Session,
  userTemplate: string,
  options: { visibility?: string; system?: string; required?: string[] } = {},
) {
  const name = unique("wfp").toLowerCase();
  const response = await api(session, "POST", "/prompts", {
    name,
    visibility: options.visibility ?? "org",
    version: {
      version: "1",
      user_template: userTemplate,
      system_template: options.system,
      input_schema: schemaFor(userTemplate, options.required),
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return name;
}

type Step = { id: string; prompt_name: string; prompt_version?: string | null; depends_on?: string[] };

async function createWorkflow(session: Session, steps: Step[], extra: Record<string, unknown> = {}) {
  const response = await api(session, "POST", "/workflows", { name: unique("wf"), steps, ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; name: string; steps: Step[] };
}

describe("CRUD", () => {
  it("creates, reads, lists, updates and deletes a workflow", async () => {
    const prompt = await createPrompt(owner, "hello {{ input }}");
    const created = await createWorkflow(owner, [{ id: "greet", prompt_name: prompt }], { description: "says hi" });
    expect(created).toMatchObject({
      user_id: owner.userId,
      project_id: null,
      visibility: "private",
      description: "says hi",
      steps: [{ id: "greet", prompt_name: prompt, prompt_version: null, depends_on: [] }],
    });

    expect((await api(owner, "GET", `/workflows/${created.id}`)).json().name).toBe(created.name);
    const listed = (await api(owner, "GET", "/workflows")).json() as { id: string }[];
    expect(listed.map((w) => w.id)).toContain(created.id);

    const updated = await api(owner, "PUT", `/workflows/${created.id}`, {
      name: "renamed",
      steps: [
        { id: "one", prompt_name: prompt },
        { id: "two", prompt_name: prompt, depends_on: ["one"] },
      ],
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ name: "renamed", description: "says hi" });
    expect(updated.json().steps.map((s: Step) => s.id)).toEqual(["one", "two"]);

    expect((await api(owner, "DELETE", `/workflows/${created.id}`)).statusCode).toBe(204);
    expect((await api(owner, "GET", `/workflows/${created.id}`)).statusCode).toBe(404);
  });

  it("lists newest update first and filters by owner-or-sharee and project", async () => {
    const prompt = await createPrompt(owner, "x");
    const first = await createWorkflow(owner, [{ id: "a", prompt_name: prompt }], { visibility: "org" });
    const second = await createWorkflow(other, [{ id: "a", prompt_name: prompt }], { visibility: "org" });
    const ids = ((await api(sharee, "GET", "/workflows")).json() as { id: string }[]).map((w) => w.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    const byOwner = ((await api(sharee, "GET", `/workflows?user_id=${owner.userId}`)).json() as { id: string }[]).map(
      (w) => w.id,
    );
    expect(byOwner).toContain(first.id);
    expect(byOwner).not.toContain(second.id);
  });

  it("refuses anonymous writes with 401 and malformed ids with 422", async () => {
    expect((await api(null, "POST", "/workflows", { name: "x", steps: [] })).statusCode).toBe(401);
    expect((await api(owner, "GET", "/workflows/not-a-uuid")).statusCode).toBe(422);
    expect((await api(owner, "GET", "/workflows?project_id=nope")).statusCode).toBe(422);
  });
});

describe("validation when saved", () => {
  let prompt: string;
  beforeAll(async () => {
    prompt = await createPrompt(owner, "{{ input }}");
  });

  const attempt = (steps: Step[], session: Session = owner) =>
    api(session, "POST", "/workflows", { name: "bad", steps });

  it.each([
    ["duplicate ids", [{ id: "a" }, { id: "a" }], "Duplicate step id 'a'"],
    ["unknown dependency", [{ id: "a", depends_on: ["ghost"] }], "Step 'a' depends on unknown step 'ghost'"],
    ["self dependency", [{ id: "a", depends_on: ["a"] }], "Step 'a' depends on itself"],
    [
      "a cycle",
      [
        { id: "a", depends_on: ["c"] },
        { id: "b", depends_on: ["a"] },
        { id: "c", depends_on: ["b"] },
      ],
      "Steps 'a', 'b', 'c' form a dependency cycle",
    ],
  ])("names the steps of %s", async (_, shape, message) => {
    const steps = (shape as Step[]).map((step) => ({ ...step, prompt_name: prompt }));
    const response = await attempt(steps);
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toContain(message);
  });

  it("refuses a step id that cannot be a template variable, and an empty one", async () => {
    for (const id of ["", "has-dash", "input", "9lives"]) {
      const response = await attempt([{ id, prompt_name: prompt }]);
      expect(response.statusCode, id).toBe(422);
      expect(JSON.stringify(response.json().detail)).toContain("steps");
    }
  });

  it("refuses prompts and versions the author cannot see", async () => {
    const hidden = await createPrompt(other, "secret", { visibility: "private" });
    const response = await attempt([
      { id: "a", prompt_name: hidden },
      { id: "b", prompt_name: prompt, prompt_version: "9.9" },
      { id: "c", prompt_name: "no-such-prompt" },
    ]);
    expect(response.statusCode).toBe(422);
    const detail = response.json().detail as string;
    expect(detail).toContain(`Step 'a' uses prompt '${hidden}'`);
    expect(detail).toContain(`Step 'b' uses version '9.9' of prompt '${prompt}'`);
    expect(detail).toContain("Step 'c' uses prompt 'no-such-prompt'");
  });

  it("refuses a project the author may not use", async () => {
    const foreignTeam = await createTeamRow(db, { parentTeamId: admin.teamId });
    const project = await api(admin, "POST", "/projects", {
      team_id: foreignTeam.id,
      name: "Far",
      slug: unique("far").toLowerCase(),
    });
    expect(project.statusCode, project.body).toBe(201);
    const response = await api(owner, "POST", "/workflows", {
      name: "p",
      project_id: project.json().id,
      steps: [{ id: "a", prompt_name: prompt }],
    });
    expect(response.statusCode).toBe(403);
    const unknown = await api(owner, "POST", "/workflows", {
      name: "p",
      project_id: "00000000-0000-4000-8000-000000000000",
      steps: [],
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe("running", () => {
  it("runs a diamond in stable topological order, passing outputs by step id and as input", async () => {
    const a = await createPrompt(owner, "A({{ input }})");
    const b = await createPrompt(owner, "B({{ a }})");
    const c = await createPrompt(owner, "C({{ a }})");
    const d = await createPrompt(owner, "D({{ b }}+{{ c }}|{{ input }}|{{ topic }})");
    const workflow = await createWorkflow(owner, [
      { id: "d", prompt_name: d, depends_on: ["b", "c"] },
      { id: "c", prompt_name: c, depends_on: ["a"] },
      { id: "b", prompt_name: b, depends_on: ["a"] },
      { id: "a", prompt_name: a },
    ]);
    const response = await api(owner, "POST", `/workflows/${workflow.id}/run`, { input: { input: "go", topic: "T" } });
    expect(response.statusCode, response.body).toBe(200);
    const run = response.json();
    expect(run.workflow_id).toBe(workflow.id);
    expect(run.steps.map((s: { step_id: string }) => s.step_id)).toEqual(["a", "c", "b", "d"]);
    expect(run.outputs).toEqual({
      a: "A(go)",
      c: "C(A(go))",
      b: "B(A(go))",
      d: "D(B(A(go))+C(A(go))|B(A(go))|T)",
    });
    expect(run.steps[0]).toMatchObject({ status: "success", error: null, prompt_version: "1", prompt_name: a });
  });

  it("stops at the first failing step and still answers 200", async () => {
    const ok = await createPrompt(owner, "fine {{ input }}");
    const broken = await createPrompt(owner, "needs {{ missing_thing }}", { required: ["missing_thing"] });
    const workflow = await createWorkflow(owner, [
      { id: "s1", prompt_name: ok },
      { id: "s2", prompt_name: broken, depends_on: ["s1"] },
      { id: "s3", prompt_name: ok, depends_on: ["s2"] },
    ]);
    const response = await api(owner, "POST", `/workflows/${workflow.id}/run`, { input: { input: "x" } });
    expect(response.statusCode).toBe(200);
    const run = response.json();
    expect(run.steps).toHaveLength(2);
    expect(run.steps[1]).toMatchObject({ step_id: "s2", status: "error", user_message: "", system_message: null });
    expect(run.steps[1].error).toContain("missing_thing");
    expect(run.outputs).toEqual({ s1: "fine x" });
  });

  it("applies the caller's governance to every step, with and without a project", async () => {
    const policy = await api(admin, "POST", "/policies", {
      team_id: subTeamId,
      name: unique("rule"),
      enforcement_type: "prepend",
      content: "TEAM RULE",
      priority: 5,
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const project = await api(admin, "POST", "/projects", {
      team_id: subTeamId,
      name: "Apollo",
      slug: unique("apollo").toLowerCase(),
    });
    const projectId = project.json().id;
    const projectPolicy = await api(admin, "POST", "/policies", {
      project_id: projectId,
      name: unique("proj"),
      enforcement_type: "append",
      content: "PROJECT RULE",
    });
    expect(projectPolicy.statusCode, projectPolicy.body).toBe(201);

    const prompt = await createPrompt(owner, "body {{ input }}", { visibility: "org" });
    const workflow = await createWorkflow(
      owner,
      [
        { id: "s1", prompt_name: prompt },
        { id: "s2", prompt_name: prompt, depends_on: ["s1"] },
      ],
      { visibility: "org" },
    );

    const plain = (await api(owner, "POST", `/workflows/${workflow.id}/run`, { input: { input: "x" } })).json();
    for (const step of plain.steps) {
      expect(step.system_message).toBe("TEAM RULE");
      expect(step.user_message).not.toContain("PROJECT RULE");
    }
    const withProject = (
      await api(owner, "POST", `/workflows/${workflow.id}/run`, { input: { input: "x" }, project_id: projectId })
    ).json();
    for (const step of withProject.steps) expect(step.user_message).toMatch(/PROJECT RULE$/);

    // Another caller (in the root team) runs the same workflow under their own, empty, governance.
    const foreign = (await api(other, "POST", `/workflows/${workflow.id}/run`, { input: { input: "x" } })).json();
    expect(foreign.steps.map((s: { system_message: string | null }) => s.system_message)).toEqual([null, null]);
  });

  it("records every step's expansion as workflow usage", async () => {
    const prompt = await createPrompt(owner, "u {{ input }}");
    const workflow = await createWorkflow(owner, [
      { id: "s1", prompt_name: prompt },
      { id: "s2", prompt_name: prompt, depends_on: ["s1"] },
    ]);
    await api(owner, "POST", `/workflows/${workflow.id}/run`, { input: { input: "x" } });
    await t.app.usage.flush();
    const rows = await db
      .select()
      .from(promptUsage)
      .where(and(eq(promptUsage.promptName, prompt), eq(promptUsage.source, "workflow")));
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.statusCode === 200 && row.userId === owner.userId)).toBe(true);
  });
});

describe("visibility, shares and authorization", () => {
  let workflowId: string;
  let publicPrompt: string;
  let privatePrompt: string;

  beforeAll(async () => {
    publicPrompt = await createPrompt(owner, "pub {{ input }}", { visibility: "public" });
    privatePrompt = await createPrompt(owner, "priv {{ input }}", { visibility: "private" });
    workflowId = (
      await createWorkflow(owner, [
        { id: "s1", prompt_name: publicPrompt },
        { id: "s2", prompt_name: privatePrompt, depends_on: ["s1"] },
      ])
    ).id;
  });

  it("hides a private workflow from other members and anonymous callers", async () => {
    expect((await api(other, "GET", `/workflows/${workflowId}`)).statusCode).toBe(404);
    expect((await api(null, "GET", `/workflows/${workflowId}`)).statusCode).toBe(404);
    expect((await api(other, "POST", `/workflows/${workflowId}/run`, { input: {} })).statusCode).toBe(404);
    const listed = ((await api(other, "GET", "/workflows")).json() as { id: string }[]).map((w) => w.id);
    expect(listed).not.toContain(workflowId);
    expect((await api(admin, "GET", `/workflows/${workflowId}`)).statusCode).toBe(200);
  });

  it("shares idempotently with a user, who may then see and run it but not change it", async () => {
    const first = await api(owner, "POST", `/workflows/${workflowId}/shares`, { user_id: sharee.userId });
    const again = await api(owner, "POST", `/workflows/${workflowId}/shares`, { user_id: sharee.userId });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(first.json()).toMatchObject({ user_id: sharee.userId, username: sharee.username });

    expect((await api(sharee, "GET", `/workflows/${workflowId}`)).statusCode).toBe(200);
    const run = (await api(sharee, "POST", `/workflows/${workflowId}/run`, { input: { input: "x" } })).json();
    expect(run.steps[0].status).toBe("success");
    // The private prompt of step two is the owner's, not shared with the sharee.
    expect(run.steps[1]).toMatchObject({ status: "error", error: `Prompt '${privatePrompt}' not found` });
    const byUser = ((await api(sharee, "GET", `/workflows?user_id=${sharee.userId}`)).json() as { id: string }[]).map(
      (w) => w.id,
    );
    expect(byUser).toContain(workflowId);

    expect((await api(sharee, "PUT", `/workflows/${workflowId}`, { name: "mine" })).statusCode).toBe(403);
    expect((await api(sharee, "DELETE", `/workflows/${workflowId}`)).statusCode).toBe(403);
    expect((await api(sharee, "POST", `/workflows/${workflowId}/shares`, { user_id: other.userId })).statusCode).toBe(
      403,
    );

    const shares = (await api(owner, "GET", `/workflows/${workflowId}/shares`)).json();
    expect(shares.map((s: { user_id: string }) => s.user_id)).toEqual([sharee.userId]);
    expect((await api(owner, "DELETE", `/workflows/${workflowId}/shares/${sharee.userId}`)).statusCode).toBe(204);
    expect((await api(owner, "DELETE", `/workflows/${workflowId}/shares/${sharee.userId}`)).statusCode).toBe(404);
    expect((await api(sharee, "GET", `/workflows/${workflowId}`)).statusCode).toBe(404);
  });

  it("answers 404 for sharing with an unknown user", async () => {
    const response = await api(owner, "POST", `/workflows/${workflowId}/shares`, {
      user_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe("User not found");
  });

  it("lets anyone run a public workflow, expanding only prompts they may see", async () => {
    expect((await api(owner, "PUT", `/workflows/${workflowId}`, { visibility: "public" })).statusCode).toBe(200);
    const got = await api(null, "GET", `/workflows/${workflowId}`);
    expect(got.statusCode).toBe(200);
    const run = (await api(null, "POST", `/workflows/${workflowId}/run`, { input: { input: "x" } })).json();
    expect(run.steps[0]).toMatchObject({ status: "success", user_message: "pub x", system_message: null });
    expect(run.steps[1]).toMatchObject({ status: "error" });
    const anonymousList = ((await api(null, "GET", "/workflows")).json() as { id: string }[]).map((w) => w.id);
    expect(anonymousList).toContain(workflowId);
  });

  it("lets an admin change and delete anyone's workflow", async () => {
    const prompt = await createPrompt(owner, "{{ input }}");
    const workflow = await createWorkflow(owner, [{ id: "a", prompt_name: prompt }]);
    expect((await api(admin, "PUT", `/workflows/${workflow.id}`, { description: "by admin" })).json().description).toBe(
      "by admin",
    );
    expect((await api(admin, "DELETE", `/workflows/${workflow.id}`)).statusCode).toBe(204);
  });
});
