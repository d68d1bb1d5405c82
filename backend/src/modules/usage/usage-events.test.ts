import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGovernanceOrg,
  createPromptThroughApi,
  type GovernanceOrg,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;
let baseUrl: string;

type UsageEventBody = Record<string, unknown> & { channel: string; status_code: number };

beforeAll(async () => {
  t = await createTestContext();
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, t.database.db);
});
afterAll(async () => t?.close());

const topicPrompt = {
  user_template: "Write about {{ topic }}",
  input_schema: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
};

async function newPrompt(visibility = "org") {
  return createPromptThroughApi(t.app, org.admin, unique("log").toLowerCase(), topicPrompt, visibility);
}

const expand = (session: Session | null, name: string, input: object, query = "", extra: object = {}) =>
  send("POST", `/api/v1/expand/${name}${query}`, session, { input, ...extra });

async function events(session: Session, query: Record<string, string> = {}) {
  await t.app.usage.flush();
  const response = await send("GET", `/api/v1/usage/events?${new URLSearchParams(query)}`, session);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: UsageEventBody[]; next_cursor: string | null };
}

async function apiKey(session: Session) {
  const response = await send("POST", "/api/v1/api-keys", session, { name: unique("key"), scopes: ["read", "expand"] });
  expect(response.statusCode, response.body).toBe(201);
  return { raw: response.json().raw_key as string, id: response.json().key.id as string };
}

async function mcpClient(token: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: "usage-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

describe("the expansion log", () => {
  it("records every channel with its caller, team, project, label and sizes, and each failure with its reason", async () => {
    const name = await newPrompt();
    const { member } = org;
    expect((await expand(member, name, { topic: "rest" }, "", { project_id: org.projectId })).statusCode).toBe(200);
    const missingInput = await expand(member, name, {});
    expect(missingInput.statusCode).toBe(422);
    expect((await expand(member, name, { topic: "x" }, "?label=staging")).statusCode).toBe(404);

    const key = await apiKey(member);
    const client = await mcpClient(key.raw);
    const tool = await client.callTool({ name: "sh-run", arguments: { name, input: '{"topic": "tool"}' } });
    expect(tool.isError).not.toBe(true);
    await client.getPrompt({ name, arguments: { topic: "prompt" } });
    await client.close();

    const workflow = await send("POST", "/api/v1/workflows", org.admin, {
      name: unique("wf"),
      visibility: "org",
      steps: [{ id: "write", prompt_name: name }],
    });
    expect(workflow.statusCode, workflow.body).toBe(201);
    const run = await send("POST", `/api/v1/workflows/${workflow.json().id}/run`, member, { input: { topic: "wf" } });
    expect(run.statusCode, run.body).toBe(200);

    // Previews are not expansions anyone received.
    const preview = await send("POST", `/api/v1/expand/${name}/preview`, org.admin, {
      input: { topic: "preview" },
      as_user_id: member.userId,
    });
    expect(preview.statusCode, preview.body).toBe(200);

    const { items } = await events(org.admin, { prompt: name });
    expect(items).toHaveLength(6);
    const [workflowStep, mcpPrompt, mcpTool, badLabel, badInput, rest] = items;
    const memberCaller = {
      user: { id: member.userId, username: member.username, display_name: null },
      team: { id: org.subTeamId, name: expect.any(String) },
      prompt: name,
    };
    expect(rest).toMatchObject({
      ...memberCaller,
      caller_type: "user",
      api_key: null,
      project: { id: org.projectId, name: expect.any(String) },
      version: "1",
      label: "latest",
      channel: "rest",
      status: "success",
      status_code: 200,
      error_code: null,
      error_message: null,
      input_bytes: Buffer.byteLength(JSON.stringify({ topic: "rest" })),
      output_bytes: expect.any(Number),
      input_excerpt: null,
      output_excerpt: null,
    });
    expect(rest?.output_bytes).toBeGreaterThanOrEqual(Buffer.byteLength("Write about rest"));
    expect(badInput).toMatchObject({ ...memberCaller, channel: "rest", status: "error", status_code: 422 });
    expect(badInput?.error_message).toContain("topic");
    expect(badInput?.output_bytes).toBeNull();
    expect(badLabel).toMatchObject({
      status_code: 404,
      error_code: "label_not_found",
      error_message: `Prompt '${name}' has no label 'staging'`,
      label: "staging",
      version: "latest",
    });
    expect(mcpTool).toMatchObject({
      ...memberCaller,
      caller_type: "api_key",
      api_key: { id: key.id, name: expect.any(String) },
      channel: "mcp_tool",
      status_code: 200,
    });
    expect(mcpPrompt).toMatchObject({ caller_type: "api_key", channel: "mcp_prompt", status_code: 200 });
    expect(workflowStep).toMatchObject({ ...memberCaller, channel: "workflow", status_code: 200, label: "latest" });
    for (const item of items) expect(item.latency_ms).toEqual(expect.any(Number));
  });

  it("records anonymous callers, unknown prompts and the label that served by default", async () => {
    const name = await newPrompt("public");
    expect((await expand(null, name, { topic: "x" })).statusCode).toBe(200);
    const missing = unique("nothing").toLowerCase();
    expect((await expand(org.member, missing, { topic: "x" })).statusCode).toBe(404);
    const pinned = await send("POST", `/api/v1/prompts/${name}/rollback/1`, org.admin);
    expect(pinned.statusCode, pinned.body).toBe(200);
    expect((await expand(org.member, name, { topic: "y" }, "")).statusCode).toBe(200);
    expect(
      (await send("POST", `/api/v1/expand/${name}/versions/1`, org.member, { input: { topic: "z" } })).statusCode,
    ).toBe(200);

    const { items } = await events(org.admin, { prompt: name });
    expect(items.map((item) => [item.caller_type, item.label])).toEqual([
      ["user", null],
      ["user", "production"],
      ["anonymous", "latest"],
    ]);
    expect(items[2]).toMatchObject({ user: null, team: null, api_key: null });
    const [unknown] = (await events(org.admin, { prompt: missing })).items;
    expect(unknown).toMatchObject({ status_code: 404, error_code: "prompt_not_found", version: "latest" });
  });

  it("keeps no input or output text unless sampling is on, and then a bounded, redacted excerpt", async () => {
    const name = await newPrompt();
    const secrets = {
      topic: `mail ann@example.com, key pcp_${"a".repeat(40)}, Bearer eyJhbGciOi.x.y, hash ${"f0".repeat(32)} ${"long text ".repeat(300)}`,
    };
    expect((await expand(org.member, name, secrets)).statusCode).toBe(200);
    const [unsampled] = (await events(org.admin, { prompt: name })).items;
    expect(unsampled).toMatchObject({ input_excerpt: null, output_excerpt: null });

    expect((await send("PATCH", "/api/v1/settings", org.admin, { usage_sampling: true })).statusCode).toBe(200);
    try {
      expect((await expand(org.member, name, secrets)).statusCode).toBe(200);
      const [sampled] = (await events(org.admin, { prompt: name })).items;
      for (const excerpt of [sampled?.input_excerpt, sampled?.output_excerpt] as string[]) {
        expect(excerpt).toContain("mail [redacted]");
        expect(Buffer.byteLength(excerpt)).toBeLessThanOrEqual(1024);
        expect(excerpt.endsWith("…")).toBe(true);
        for (const secret of ["ann@example.com", "pcp_a", "eyJhbGciOi", "f0f0f0f0"])
          expect(excerpt).not.toContain(secret);
      }
      expect(sampled?.input_excerpt).toMatch(/^\{"topic":"mail \[redacted\], key \[redacted\], \[redacted\]/);
      expect(sampled?.input_bytes).toBe(Buffer.byteLength(JSON.stringify(secrets)));
    } finally {
      await send("PATCH", "/api/v1/settings", org.admin, { usage_sampling: false });
    }
  });

  it("pages newest first and filters by status, channel, time, user, team and project", async () => {
    const name = await newPrompt();
    for (let i = 0; i < 5; i++) expect((await expand(org.member, name, { topic: `t${i}` })).statusCode).toBe(200);
    expect((await expand(org.colleague, name, {})).statusCode).toBe(422);
    expect((await expand(org.outsider, name, { topic: "p" }, "", { project_id: org.projectId })).statusCode).toBe(403);

    const all = (await events(org.admin, { prompt: name })).items;
    expect(all).toHaveLength(7);
    const times = all.map((item) => Date.parse(item.occurred_at as string));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: UsageEventBody[]; next_cursor: string | null } = await events(org.admin, {
        prompt: name,
        limit: "3",
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((item) => item.id));

    const errors = (await events(org.admin, { prompt: name, status: "error" })).items;
    expect(errors.map((item) => item.status_code).sort()).toEqual([403, 422]);
    expect((await events(org.admin, { prompt: name, status: "success" })).items).toHaveLength(5);
    expect((await events(org.admin, { prompt: name, channel: "mcp_tool" })).items).toHaveLength(0);
    expect((await events(org.admin, { prompt: name, user_id: org.colleague.userId })).items).toHaveLength(1);
    expect((await events(org.admin, { prompt: name, project_id: org.projectId })).items).toHaveLength(1);
    // A team filter covers the teams below it: the owned team holds the sub-team of member and colleague.
    expect((await events(org.admin, { prompt: name, team_id: org.ownedTeamId })).items).toHaveLength(6);
    expect((await events(org.admin, { prompt: name, team_id: org.siblingTeamId })).items).toHaveLength(1);

    const newest = all[0]?.occurred_at as string;
    const oldest = all[all.length - 1]?.occurred_at as string;
    expect((await events(org.admin, { prompt: name, to: oldest })).items).toHaveLength(0);
    expect((await events(org.admin, { prompt: name, from: newest })).items.length).toBeGreaterThanOrEqual(1);
    expect((await events(org.admin, { prompt: name, from: oldest, to: new Date().toISOString() })).items).toHaveLength(
      7,
    );
  });

  it("shows admins every event, team owners their teams' and their own, members only their own", async () => {
    const name = await newPrompt();
    const callers = [org.admin, org.owner, org.member, org.colleague, org.outsider];
    for (const caller of callers) expect((await expand(caller, name, { topic: "x" })).statusCode).toBe(200);
    const usersSeenBy = async (session: Session, query: Record<string, string> = {}) =>
      (await events(session, { prompt: name, ...query })).items.map((item) => (item.user as { id: string }).id).sort();
    const ids = (...sessions: Session[]) => sessions.map((session) => session.userId).sort();

    expect(await usersSeenBy(org.admin)).toEqual(ids(...callers));
    // The owner manages the owned team and its sub-team; their own team is the root's, which they do not manage.
    expect(await usersSeenBy(org.owner)).toEqual(ids(org.owner, org.member, org.colleague));
    expect(await usersSeenBy(org.owner, { user_id: org.outsider.userId })).toEqual([]);
    for (const member of [org.member, org.colleague, org.outsider]) {
      expect(await usersSeenBy(member)).toEqual([member.userId]);
      expect(await usersSeenBy(member, { user_id: member.userId })).toEqual([member.userId]);
      expect(await usersSeenBy(member, { team_id: org.subTeamId })).toEqual(
        member === org.outsider ? [] : [member.userId],
      );
    }
    const forbidden = await send("GET", `/api/v1/usage/events?user_id=${org.colleague.userId}`, org.member);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: "usage_forbidden" });
    expect(forbidden.json().detail).toContain("your own expansions");
    // Without a prompt filter, a member still sees nobody else.
    const everything = (await events(org.member, { limit: "200" })).items;
    expect(everything.length).toBeGreaterThan(0);
    expect(everything.every((item) => (item.user as { id: string }).id === org.member.userId)).toBe(true);
    expect((await send("GET", "/api/v1/usage/events", null)).statusCode).toBe(401);
  });

  it("refuses reversed or malformed ranges, cursors, limits and filters with 422 naming them", async () => {
    const reversed = await send(
      "GET",
      "/api/v1/usage/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      org.admin,
    );
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json()).toMatchObject({ code: "invalid_time_range", detail: "from must be earlier than to" });
    for (const [query, named] of [
      ["from=yesterday", "from"],
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["channel=mcp", "channel"],
      ["status=failed", "status"],
      ["user_id=42", "user_id"],
      ["cursor=nonsense", "cursor"],
    ] as const) {
      const response = await send("GET", `/api/v1/usage/events?${query}`, org.admin);
      expect(response.statusCode, query).toBe(422);
      expect(response.body, query).toContain(named);
    }
  });
});
