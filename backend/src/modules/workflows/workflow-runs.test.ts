import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { workflowRuns } from "../../db/schema.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { RUN_RECORD_MAX_BYTES } from "./workflow-run-record.js";
import { pruneWorkflowRuns } from "./workflow-runs.service.js";

let t: TestContext;
let db: Db;
let baseUrl: string;
let admin: Session;
let owner: Session;
let member: Session;
let outsider: Session;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

async function api(session: Session | null, method: Method, url: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: session?.auth ?? {}, payload: payload as object });
}

async function createPrompt(session: Session, userTemplate: string, variables: string[]) {
  const name = unique("runp").toLowerCase();
  const response = await api(session, "POST", "/prompts", {
    name,
    visibility: "org",
    version: {
      version: "1",
      user_template: userTemplate,
      input_schema: {
        type: "object",
        properties: Object.fromEntries(variables.map((variable) => [variable, { type: "string" }])),
      },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return name;
}

type Step = { id: string; prompt_name: string; prompt_version?: string; depends_on?: string[] };

async function createWorkflow(session: Session, steps: Step[], visibility = "org") {
  const response = await api(session, "POST", "/workflows", { name: unique("runwf"), steps, visibility });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; name: string };
}

async function run(session: Session | null, workflowId: string, input: Record<string, unknown>) {
  const response = await api(session, "POST", `/workflows/${workflowId}/run`, { input });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { run_id: string | null; steps: { status: string }[] };
}

let greet: string;
let shout: string;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
  const team = await createTeamRow(db, { parentTeamId: admin.teamId });
  owner = await createUserSession(t.app, db, { teamId: team.id });
  member = await createUserSession(t.app, db, { teamId: team.id });
  outsider = await createUserSession(t.app, db, { teamId: admin.teamId });
  greet = await createPrompt(owner, "Hello {{ who }}", ["who"]);
  shout = await createPrompt(owner, "LOUD: {{ greet }}", ["greet"]);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => t?.close());

describe("recording runs", () => {
  it("keeps a REST run with who, when, channel, inputs, status and each step's result", async () => {
    const workflow = await createWorkflow(owner, [
      { id: "greet", prompt_name: greet },
      { id: "shout", prompt_name: shout, depends_on: ["greet"] },
    ]);
    const before = Date.now();
    const result = await run(member, workflow.id, { who: "Ada" });
    expect(result.run_id).toMatch(/^[0-9a-f-]{36}$/);

    const detail = await api(member, "GET", `/workflows/${workflow.id}/runs/${result.run_id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const body = detail.json();
    expect(body).toMatchObject({
      id: result.run_id,
      workflow_id: workflow.id,
      workflow_name: workflow.name,
      user_id: member.userId,
      username: member.username,
      api_key_id: null,
      channel: "rest",
      status: "succeeded",
      error: null,
      step_count: 2,
      truncated: false,
      input: { who: "Ada" },
      steps: [
        {
          step_id: "greet",
          prompt_name: greet,
          prompt_version: "1",
          status: "success",
          user_message: "Hello Ada",
          error: null,
        },
        { step_id: "shout", prompt_name: shout, status: "success", user_message: "LOUD: Hello Ada" },
      ],
    });
    expect(Date.parse(body.started_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(body.finished_at)).toBeGreaterThanOrEqual(Date.parse(body.started_at));
    expect(body.steps[0].duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("keeps an MCP run, called through the real MCP client with an API key", async () => {
    const workflow = await createWorkflow(owner, [{ id: "greet", prompt_name: greet }]);
    const key = await api(member, "POST", "/api-keys", { name: unique("key"), scopes: ["read", "expand"] });
    expect(key.statusCode, key.body).toBe(201);
    const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${key.json().raw_key}` } },
    });
    const client = new Client({ name: "runs-test", version: "1.0.0" });
    await client.connect(transport);
    const result = (await client.callTool({
      name: "sh-workflow-run",
      arguments: { name: workflow.name, input: '{"who": "Grace"}' },
    })) as CallToolResult;
    await client.close();
    expect(result.isError).not.toBe(true);

    const list = await api(member, "GET", `/workflows/${workflow.id}/runs`);
    expect(list.statusCode, list.body).toBe(200);
    const [summary] = list.json().items;
    expect(summary).toMatchObject({
      channel: "mcp",
      user_id: member.userId,
      username: member.username,
      api_key_id: key.json().key.id,
      status: "succeeded",
    });
    expect(summary).not.toHaveProperty("steps");
    expect(summary).not.toHaveProperty("input");
    const detail = (await api(member, "GET", `/workflows/${workflow.id}/runs/${summary.id}`)).json();
    expect(detail.input).toEqual({ who: "Grace" });
    expect(detail.steps).toMatchObject([{ step_id: "greet", user_message: "Hello Grace", status: "success" }]);
  });

  it("keeps a failed run with the failing step's error", async () => {
    const failing = await createPrompt(owner, "Needs {{ who }}", ["who"]);
    const workflow = await createWorkflow(owner, [
      { id: "first", prompt_name: greet },
      { id: "second", prompt_name: failing },
    ]);
    // Deprecating the prompt after saving makes its step fail at run time.
    expect((await api(owner, "DELETE", `/prompts/${failing}`)).statusCode).toBeLessThan(300);
    const result = await run(owner, workflow.id, { who: "Linus" });
    expect(result.steps.map((step) => step.status)).toEqual(["success", "error"]);

    const detail = (await api(owner, "GET", `/workflows/${workflow.id}/runs/${result.run_id}`)).json();
    expect(detail.status).toBe("failed");
    expect(detail.error).toContain("Step 'second' failed");
    expect(detail.steps[1]).toMatchObject({ step_id: "second", status: "error", user_message: "" });
    expect(detail.steps[1].error).toBeTruthy();
  });

  it("keeps a run refused before any step as failed, and still answers the refusal", async () => {
    const workflow = await createWorkflow(owner, [{ id: "greet", prompt_name: greet }]);
    const refused = await api(owner, "POST", `/workflows/${workflow.id}/run`, {
      input: { who: "x" },
      project_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    const [summary] = (await api(owner, "GET", `/workflows/${workflow.id}/runs`)).json().items;
    expect(summary).toMatchObject({ status: "failed", step_count: 0, error: refused.json().detail });
  });

  it("records an anonymous run of a public workflow without a caller", async () => {
    const publicPrompt = unique("pubp").toLowerCase();
    const created = await api(owner, "POST", "/prompts", {
      name: publicPrompt,
      visibility: "public",
      version: {
        version: "1",
        user_template: "hi {{ who }}",
        input_schema: { type: "object", properties: { who: { type: "string" } } },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const workflow = await createWorkflow(owner, [{ id: "hi", prompt_name: publicPrompt }], "public");
    await run(null, workflow.id, { who: "anyone" });
    const [summary] = (await api(owner, "GET", `/workflows/${workflow.id}/runs`)).json().items;
    expect(summary).toMatchObject({ user_id: null, username: null, channel: "rest", status: "succeeded" });
    expect((await api(null, "GET", `/workflows/${workflow.id}/runs`)).statusCode).toBe(401);
  });

  it("bounds what a run keeps, cutting with a marker", async () => {
    const workflow = await createWorkflow(owner, [
      { id: "greet", prompt_name: greet },
      { id: "shout", prompt_name: shout, depends_on: ["greet"] },
    ]);
    const huge = "é".repeat(60_000);
    const result = await run(owner, workflow.id, { first: "kept", who: huge, extra: "small" });
    expect(result.steps.map((step) => step.status)).toEqual(["success", "success"]);
    const detail = (await api(owner, "GET", `/workflows/${workflow.id}/runs/${result.run_id}`)).json();
    expect(detail.truncated).toBe(true);
    expect(detail.input.who).toMatch(/… \[truncated: \d+ bytes not kept\]$/);
    // Input fields are kept in order: those past the bound give way to one entry counting them.
    expect(detail.input.first).toBe("kept");
    expect(detail.input.extra).toBeUndefined();
    expect(detail.input["…"]).toBe("[truncated: 1 more entries not kept]");
    expect(detail.steps[1].user_message).toMatch(/\[truncated: \d+ bytes not kept\]$/);
    const [stored] = await db
      .select({
        size: sql<number>`octet_length(${workflowRuns.input}::text) + octet_length(${workflowRuns.steps}::text)`,
      })
      .from(workflowRuns)
      .where(eq(workflowRuns.id, detail.id));
    // The JSON around the texts (keys, quotes, step fields) adds a little to the bound.
    expect(Number(stored?.size)).toBeLessThan(RUN_RECORD_MAX_BYTES + 2048);
  });
});

describe("reading runs", () => {
  it("pages newest first and filters by status", async () => {
    const workflow = await createWorkflow(owner, [{ id: "greet", prompt_name: greet }]);
    const ids: string[] = [];
    for (let index = 0; index < 5; index++)
      ids.push((await run(owner, workflow.id, { who: `n${index}` })).run_id ?? "");
    const refused = await api(owner, "POST", `/workflows/${workflow.id}/run`, {
      input: {},
      project_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);

    const first = (await api(owner, "GET", `/workflows/${workflow.id}/runs?limit=2`)).json();
    expect(first.items).toHaveLength(2);
    expect(first.items[0].status).toBe("failed");
    expect(first.items[1].id).toBe(ids[4]);
    const second = (
      await api(owner, "GET", `/workflows/${workflow.id}/runs?limit=2&cursor=${first.next_cursor}`)
    ).json();
    expect(second.items.map((item: { id: string }) => item.id)).toEqual([ids[3], ids[2]]);
    const third = (
      await api(owner, "GET", `/workflows/${workflow.id}/runs?limit=2&cursor=${second.next_cursor}`)
    ).json();
    expect(third.items.map((item: { id: string }) => item.id)).toEqual([ids[1], ids[0]]);
    expect(third.next_cursor).toBeNull();

    const succeeded = (await api(owner, "GET", `/workflows/${workflow.id}/runs?status=succeeded`)).json();
    expect(succeeded.items.map((item: { id: string }) => item.id)).toEqual([...ids].reverse());
    const failed = (await api(owner, "GET", `/workflows/${workflow.id}/runs?status=failed`)).json();
    expect(failed.items).toHaveLength(1);

    const badStatus = await api(owner, "GET", `/workflows/${workflow.id}/runs?status=maybe`);
    expect(badStatus.statusCode).toBe(422);
    expect(badStatus.body).toContain("status");
    const badCursor = await api(owner, "GET", `/workflows/${workflow.id}/runs?cursor=nonsense`);
    expect(badCursor.statusCode).toBe(422);
    expect(badCursor.json().code).toBe("invalid_cursor");
    expect((await api(owner, "GET", `/workflows/${workflow.id}/runs?limit=0`)).statusCode).toBe(422);
  });

  it("lets the caller, the workflow's owner and admins read a run; others see only their own", async () => {
    const workflow = await createWorkflow(owner, [{ id: "greet", prompt_name: greet }]);
    const memberRun = (await run(member, workflow.id, { who: "member" })).run_id;
    const outsiderRun = (await run(outsider, workflow.id, { who: "outsider" })).run_id;
    const url = (runId: string | null) => `/workflows/${workflow.id}/runs/${runId}`;

    expect((await api(member, "GET", url(memberRun))).statusCode).toBe(200);
    expect((await api(owner, "GET", url(memberRun))).statusCode).toBe(200);
    expect((await api(admin, "GET", url(memberRun))).statusCode).toBe(200);
    const refused = await api(outsider, "GET", url(memberRun));
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe("workflow_run_not_found");

    const outsiderList = (await api(outsider, "GET", `/workflows/${workflow.id}/runs`)).json();
    expect(outsiderList.items.map((item: { id: string }) => item.id)).toEqual([outsiderRun]);
    const ownerList = (await api(owner, "GET", `/workflows/${workflow.id}/runs`)).json();
    expect(ownerList.items.map((item: { id: string }) => item.id)).toEqual([outsiderRun, memberRun]);
    const adminList = (await api(admin, "GET", `/workflows/${workflow.id}/runs`)).json();
    expect(adminList.items).toHaveLength(2);

    // A private workflow's runs are hidden with the workflow itself.
    const hidden = await createWorkflow(owner, [{ id: "greet", prompt_name: greet }], "private");
    await run(owner, hidden.id, { who: "me" });
    expect((await api(outsider, "GET", `/workflows/${hidden.id}/runs`)).statusCode).toBe(404);
    // A run of another workflow is not found under this one.
    expect((await api(admin, "GET", `/workflows/${hidden.id}/runs/${memberRun}`)).statusCode).toBe(404);
    expect((await api(admin, "GET", `/workflows/${hidden.id}/runs/not-a-uuid`)).statusCode).toBe(422);
  });
});

describe("retention", () => {
  it("is a setting from 1 to 3650 days, 30 by default, for admins", async () => {
    expect((await api(admin, "GET", "/settings")).json().workflow_run_retention_days).toBe(30);
    for (const bad of [0, 3651, 1.5, null, "30"]) {
      const refused = await api(admin, "PATCH", "/settings", { workflow_run_retention_days: bad });
      expect(refused.statusCode, JSON.stringify(bad)).toBe(422);
      expect(refused.body).toContain("workflow_run_retention_days");
    }
    expect((await api(member, "PATCH", "/settings", { workflow_run_retention_days: 7 })).statusCode).toBe(403);
    const changed = await api(admin, "PATCH", "/settings", { workflow_run_retention_days: 7 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().workflow_run_retention_days).toBe(7);
    expect((await api(admin, "GET", "/settings")).json().workflow_run_retention_days).toBe(7);
    await api(admin, "PATCH", "/settings", { workflow_run_retention_days: 30 });
  });

  it("prunes runs older than the retention, keeping newer ones", async () => {
    const workflow = await createWorkflow(owner, [{ id: "greet", prompt_name: greet }]);
    const old = (await run(owner, workflow.id, { who: "old" })).run_id ?? "";
    const recent = (await run(owner, workflow.id, { who: "recent" })).run_id ?? "";
    await db
      .update(workflowRuns)
      .set({ startedAt: new Date(Date.now() - 10 * 86_400_000) })
      .where(eq(workflowRuns.id, old));
    await api(admin, "PATCH", "/settings", { workflow_run_retention_days: 5 });
    await t.changesSeen();
    try {
      const pruned = await pruneWorkflowRuns(db, { batchSize: 1 });
      expect(pruned).toBeGreaterThanOrEqual(1);
      const left = (await api(owner, "GET", `/workflows/${workflow.id}/runs`)).json();
      expect(left.items.map((item: { id: string }) => item.id)).toEqual([recent]);
    } finally {
      await api(admin, "PATCH", "/settings", { workflow_run_retention_days: 30 });
    }
  });

  it("drops a workflow's runs with the workflow", async () => {
    const workflow = await createWorkflow(owner, [{ id: "greet", prompt_name: greet }]);
    await run(owner, workflow.id, { who: "x" });
    expect((await api(owner, "DELETE", `/workflows/${workflow.id}`)).statusCode).toBe(204);
    const rows = await db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, workflow.id));
    expect(rows).toHaveLength(0);
  });
});
