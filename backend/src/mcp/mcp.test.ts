import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { and, count, eq, isNull } from "drizzle-orm";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import { mcpSessions, promptUsage } from "../db/schema.js";
import { buildApp } from "../http/app.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, unique } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";

let t: TestContext;
let db: Db;
let baseUrl: string;
let admin: Session;
let alice: Session;
let bob: Session;
let carol: Session;
let aliceKey: string;
let bobKey: string;
let carolKey: string;
let projectId: string;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

async function api(session: Session | null, method: Method, url: string, payload?: unknown) {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: session?.auth ?? {},
    payload: payload as object,
  });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.statusCode === 204 ? null : response.json();
}

async function createKey(session: Session, scopes: string[] = ["read", "expand"]) {
  const body = await api(session, "POST", "/api-keys", { name: unique("key"), scopes });
  return { raw: body.raw_key as string, id: body.key.id as string };
}

async function connect(token: string | null, url = `${baseUrl}/mcp`) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
  });
  const client = new Client({ name: "mcp-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

async function callText(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const [first] = result.content;
  if (first?.type !== "text") throw new Error(`no text in ${name} result`);
  return { text: first.text, isError: result.isError === true };
}

/** Raw JSON-RPC over HTTP, for what the SDK client hides (status codes, headers, bodies). */
async function post(token: string | null, message: unknown, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(message),
  });
}

/** The parts of JSON-RPC answers these tests read. */
type RpcBody = {
  result: { content: { text: string }[]; instructions: string; serverInfo: unknown; capabilities: unknown };
  error: { code: number; message: string };
};
const rpc = async (response: Response) => (await response.json()) as RpcBody;

const listToolsMessage = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
const initializeMessage = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "plain", version: "1" } },
};
const callMessage = (params: unknown) => ({ jsonrpc: "2.0", id: 2, method: "tools/call", params });

/** An app of its own on the test database, with some settings changed. */
const apps: FastifyInstance[] = [];
async function appWith(overrides: Partial<Config>): Promise<FastifyInstance> {
  const app = await buildApp({ config: { ...t.config, ...overrides }, database: t.database, logger: false });
  apps.push(app);
  return app;
}

/** A JSON-RPC message to /mcp through app.inject, which can choose Host, Origin and the peer's address. */
function injectMcp(
  app: FastifyInstance,
  options: { message?: unknown; headers?: Record<string, string>; token?: string | null; remoteAddress?: string } = {},
) {
  const request: InjectOptions = {
    method: "POST",
    url: "/mcp",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    payload: JSON.stringify(options.message ?? listToolsMessage),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  };
  return app.inject(request);
}

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;

  // Three team levels: Acme (root) → Engineering → Web.
  admin = await registerAdmin(t.app);
  // Most tests below also check what anonymous callers get, which the organization must allow.
  await api(admin, "PATCH", "/settings", { mcp_anonymous_access: true });
  const engineering = await createTeamRow(db, { parentTeamId: admin.teamId, name: "Engineering" });
  const web = await createTeamRow(db, { parentTeamId: engineering.id, name: "Web" });
  alice = await createUserSession(t.app, db, { teamId: web.id });
  bob = await createUserSession(t.app, db, { teamId: web.id });
  carol = await createUserSession(t.app, db, { teamId: engineering.id });
  aliceKey = (await createKey(alice)).raw;
  bobKey = (await createKey(bob)).raw;
  carolKey = (await createKey(carol)).raw;

  projectId = (await api(admin, "POST", "/projects", { team_id: web.id, name: "Checkout", slug: "checkout" })).id;
  const policy = (owner: Record<string, string>, name: string, type: string, content: string, priority: number) =>
    api(admin, "POST", "/policies", { ...owner, name, enforcement_type: type, content, priority });
  await policy(
    { team_id: admin.teamId },
    "security-baseline",
    "prepend",
    "Never include secrets, credentials, tokens or personal data in any output, log line, commit message, ticket or chat message.",
    10,
  );
  await policy({ team_id: engineering.id }, "code-style", "append", "Follow the team style guide.", 5);
  await policy({ team_id: web.id }, "accessibility-check", "validate", "Every UI change meets WCAG 2.1 AA.", 0);
  await policy({ user_id: alice.userId }, "terse-answers", "inject", "Keep answers under 200 words.", 1);
  await policy({ project_id: projectId }, "checkout-scope", "append", "Only touch the checkout service.", 3);
  const objective = (owner: Record<string, string>, title: string, description?: string) =>
    api(admin, "POST", "/objectives", { ...owner, title, description });
  await objective(
    { team_id: admin.teamId },
    "Ship reliable software",
    "Every release stays within its error budget, and regressions are fixed before new features start.",
  );
  await objective({ team_id: web.id }, "Accessible by default");
  await objective({ user_id: alice.userId }, "Learn the checkout domain", "Pair with the payments team");

  await api(alice, "POST", "/prompts", {
    name: "house-style",
    visibility: "private",
    version: { version: "1", user_template: "Use British spelling.", input_schema: { type: "object" } },
  });
  await api(alice, "POST", "/prompts", {
    name: "review",
    description: "Reviews a change",
    visibility: "private",
    version: {
      version: "1.0",
      system_template: "You are a careful reviewer.{% if policies %}\n{{ policies }}{% endif %}",
      user_template:
        "Review this change:\n{{ input }}\n\nGoals:\n{{ objectives }}\n\n{{ include_prompt('house-style') }}",
      tags: ["code", "review"],
    },
  });
  await api(alice, "POST", "/prompts/review/shares", { user_id: bob.userId });
  await api(alice, "POST", "/prompts", {
    name: "summarize",
    description: "Summarizes text",
    visibility: "public",
    version: {
      version: "2",
      user_template: "Summarize in {{ bullets | default(3) }} bullets:\n{{ text }}",
      input_schema: {
        type: "object",
        properties: {
          text: { type: "string", description: "Text to summarize" },
          bullets: { type: "integer", description: "How many bullet points" },
        },
        required: ["text"],
      },
      tags: ["writing"],
    },
  });
  await api(alice, "POST", "/prompts", {
    name: "old-helper",
    visibility: "private",
    version: { version: "1", user_template: "{{ input }}" },
  });
  await api(alice, "DELETE", "/prompts/old-helper");

  const releaseNotes = await api(alice, "POST", "/workflows", {
    name: "Release notes",
    description: "Summarize, then review",
    steps: [
      { id: "summary", prompt_name: "summarize" },
      { id: "critique", prompt_name: "review", depends_on: ["summary"] },
    ],
  });
  await api(alice, "POST", `/workflows/${releaseNotes.id}/shares`, { user_id: bob.userId });
  await api(alice, "POST", "/workflows", {
    name: "Public digest",
    visibility: "public",
    steps: [{ id: "digest", prompt_name: "summarize" }],
  });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await t?.close();
});

const lines = (...parts: string[]) => parts.join("\n");

const SECURITY =
  "Never include secrets, credentials, tokens or personal data in any output, log line, commit message, ticket or chat message.";
const SECURITY_120 =
  "Never include secrets, credentials, tokens or personal data in any output, log line, commit message, ticket or chat mess";
const SECURITY_80 = "Never include secrets, credentials, tokens or personal data in any output, log l";
const RELIABLE_80 = "Every release stays within its error budget, and regressions are fixed before ne";

const ALICE_CONTEXT = lines(
  "═══ SESSION CONTEXT (auto-injected) ═══",
  "",
  "Policies:",
  `  - [prepend] security-baseline: ${SECURITY_120} (inherited)`,
  "  - [append] code-style: Follow the team style guide. (inherited)",
  "  - [inject] terse-answers: Keep answers under 200 words. (local)",
  "  - [validate] accessibility-check: Every UI change meets WCAG 2.1 AA. (local)",
  "",
  "Objectives:",
  `  - Ship reliable software — ${RELIABLE_80}`,
  "  - Accessible by default",
  "  - Learn the checkout domain — Pair with the payments team",
  "",
  "═══════════════════════════════════════",
);

const CAROL_CONTEXT = lines(
  "═══ SESSION CONTEXT (auto-injected) ═══",
  "",
  "Policies:",
  `  - [prepend] security-baseline: ${SECURITY_120} (inherited)`,
  "  - [append] code-style: Follow the team style guide. (local)",
  "",
  "Objectives:",
  `  - Ship reliable software — ${RELIABLE_80}`,
  "",
  "═══════════════════════════════════════",
);

describe("tools", () => {
  it("lists the six tools with annotations and input schemas", async () => {
    const { client } = await connect(aliceKey);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "sh-list",
      "sh-search",
      "sh-context",
      "sh-run",
      "sh-workflow-list",
      "sh-workflow-run",
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.description).toBeTruthy();
    }
    const run = tools.find((tool) => tool.name === "sh-run");
    expect(run?.inputSchema.required).toEqual(["name", "input"]);
    expect(Object.keys(run?.inputSchema.properties ?? {})).toEqual(["name", "input", "project", "label"]);
    await client.close();
  });

  it("gives the owner every tool's exact output, the session context on the first result only", async () => {
    const { client } = await connect(aliceKey);
    const list = lines("Available prompts:", "  - house-style", "  - review", "  - summarize");
    expect(await callText(client, "sh-list")).toEqual({ text: `${ALICE_CONTEXT}\n\n${list}`, isError: false });
    expect((await callText(client, "sh-list")).text).toBe(list);

    expect((await callText(client, "sh-search", { query: "RE" })).text).toBe(
      lines("Prompts matching 'RE':", "  - sh-review: Reviews a change [tags: code, review]"),
    );
    expect((await callText(client, "sh-search", { query: "writing" })).text).toBe(
      lines("Prompts matching 'writing':", "  - sh-summarize: Summarizes text [tags: writing]"),
    );
    expect((await callText(client, "sh-search", { query: "nothing-like-this" })).text).toBe(
      "No prompts matching 'nothing-like-this'.",
    );

    const governance = (projectLines: string[]) =>
      lines(
        "=== Effective Policies ===",
        "Inherited (immutable):",
        `  - [prepend] security-baseline: ${SECURITY_80}`,
        "  - [append] code-style: Follow the team style guide.",
        "Local (mutable):",
        ...projectLines,
        "  - [inject] terse-answers: Keep answers under 200 words.",
        "  - [validate] accessibility-check: Every UI change meets WCAG 2.1 AA.",
        "",
        "=== Effective Objectives ===",
        "Inherited (immutable):",
        "  - Ship reliable software",
        "Local (mutable):",
        "  - Accessible by default",
        "  - Learn the checkout domain",
      );
    expect((await callText(client, "sh-context")).text).toBe(governance([]));
    expect((await callText(client, "sh-context", { project_id: projectId })).text).toBe(
      governance(["  - [append] checkout-scope: Only touch the checkout service."]),
    );

    const review = (projectPolicy: string[]) =>
      lines(
        "[System]",
        SECURITY,
        "",
        "You are a careful reviewer.",
        "Keep answers under 200 words.",
        "",
        "[User]",
        "Review this change:",
        "Add dark mode",
        "",
        "Goals:",
        "Ship reliable software",
        "Accessible by default",
        "Learn the checkout domain",
        "",
        "Use British spelling.",
        "",
        "Follow the team style guide.",
        ...projectPolicy.flatMap((policy) => ["", policy]),
        "",
        "[Policies Applied]",
        projectPolicy.length
          ? "security-baseline, code-style, checkout-scope, terse-answers, accessibility-check"
          : "security-baseline, code-style, terse-answers, accessibility-check",
        "",
        "[Objectives]",
        "- Ship reliable software",
        "- Accessible by default",
        "- Learn the checkout domain",
        "",
        "[Validation Checklist]",
        "- [ ] accessibility-check: Every UI change meets WCAG 2.1 AA.",
      );
    expect(await callText(client, "sh-run", { name: "review", input: "Add dark mode" })).toEqual({
      text: review([]),
      isError: false,
    });
    expect(
      (await callText(client, "sh-run", { name: "review", input: "Add dark mode", project: projectId })).text,
    ).toBe(review(["Only touch the checkout service."]));

    expect((await callText(client, "sh-workflow-list")).text).toBe(
      lines(
        "Available workflows:",
        "  - Public digest (1 step)",
        "  - Release notes (2 steps) — Summarize, then review",
      ),
    );
    const summary = "Summarize in 3 bullets:\nAdded dark mode é\n\nFollow the team style guide.";
    // The summary step hands on its rendered template; the append policy follows each step once.
    const critique = lines(
      "Review this change:",
      "Summarize in 3 bullets:",
      "Added dark mode é",
      "",
      "Goals:",
      "Ship reliable software",
      "Accessible by default",
      "Learn the checkout domain",
      "",
      "Use British spelling.",
      "",
      "Follow the team style guide.",
    );
    expect(
      (await callText(client, "sh-workflow-run", { name: "release NOTES", input: '{"text": "Added dark mode é"}' }))
        .text,
    ).toBe(
      lines(
        "Workflow: Release notes (2 steps)",
        "",
        "--- ✓ summary (summarize v2) ---",
        "[System]",
        SECURITY,
        "[User]",
        summary,
        "",
        "--- ✓ critique (review v1.0) ---",
        "[System]",
        SECURITY,
        "",
        "You are a careful reviewer.",
        "Keep answers under 200 words.",
        "[User]",
        critique,
        "",
        "--- Final Outputs ---",
        "{",
        `  "summary": ${JSON.stringify(summary).replace("é", "\\u00e9")},`,
        `  "critique": ${JSON.stringify(critique).replace("é", "\\u00e9")}`,
        "}",
      ),
    );
    await client.close();
  });

  it("shows a sharee the shared prompt, without prompts it may not see inside it", async () => {
    const { client } = await connect(bobKey);
    const first = await callText(client, "sh-list");
    expect(first.text.endsWith(lines("Available prompts:", "  - review", "  - summarize"))).toBe(true);
    expect(first.text).toContain("  - [validate] accessibility-check: Every UI change meets WCAG 2.1 AA. (local)");
    expect(first.text).not.toContain("terse-answers");

    expect((await callText(client, "sh-run", { name: "review", input: "Add dark mode" })).text).toBe(
      lines(
        "[System]",
        SECURITY,
        "",
        "You are a careful reviewer.",
        "",
        "[User]",
        "Review this change:",
        "Add dark mode",
        "",
        "Goals:",
        "Ship reliable software",
        "Accessible by default",
        "",
        "[include_prompt('house-style'): prompt not found]",
        "",
        "Follow the team style guide.",
        "",
        "[Policies Applied]",
        "security-baseline, code-style, accessibility-check",
        "",
        "[Objectives]",
        "- Ship reliable software",
        "- Accessible by default",
        "",
        "[Validation Checklist]",
        "- [ ] accessibility-check: Every UI change meets WCAG 2.1 AA.",
      ),
    );
    expect((await callText(client, "sh-workflow-list")).text).toBe(
      lines(
        "Available workflows:",
        "  - Public digest (1 step)",
        "  - Release notes (2 steps) — Summarize, then review",
      ),
    );
    expect((await callText(client, "sh-run", { name: "house-style", input: "" })).text).toBe(
      "Error: Prompt 'house-style' not found",
    );
    await client.close();
  });

  it("shows another member only what the organization shares, under that member's own governance", async () => {
    const { client } = await connect(carolKey);
    expect((await callText(client, "sh-list")).text).toBe(
      `${CAROL_CONTEXT}\n\n${lines("Available prompts:", "  - summarize")}`,
    );
    expect((await callText(client, "sh-search", { query: "RE" })).text).toBe("No prompts matching 'RE'.");
    expect(await callText(client, "sh-run", { name: "review", input: "x" })).toEqual({
      text: "Error: Prompt 'review' not found",
      isError: true,
    });
    expect(
      (await callText(client, "sh-run", { name: "summarize", input: '{"text": "Dark mode", "bullets": 2}' })).text,
    ).toBe(
      lines(
        "[System]",
        SECURITY,
        "",
        "[User]",
        "Summarize in 2 bullets:",
        "Dark mode",
        "",
        "Follow the team style guide.",
        "",
        "[Policies Applied]",
        "security-baseline, code-style",
        "",
        "[Objectives]",
        "- Ship reliable software",
      ),
    );
    expect((await callText(client, "sh-context")).text).toBe(
      lines(
        "=== Effective Policies ===",
        "Inherited (immutable):",
        `  - [prepend] security-baseline: ${SECURITY_80}`,
        "Local (mutable):",
        "  - [append] code-style: Follow the team style guide.",
        "",
        "=== Effective Objectives ===",
        "Inherited (immutable):",
        "  - Ship reliable software",
      ),
    );
    expect((await callText(client, "sh-workflow-list")).text).toBe(
      lines("Available workflows:", "  - Public digest (1 step)"),
    );
    expect(await callText(client, "sh-workflow-run", { name: "Release notes", input: "" })).toEqual({
      text: "Error: workflow 'Release notes' not found.",
      isError: true,
    });
    await client.close();
  });

  it("serves anonymous callers public prompts and workflows only, without governance", async () => {
    const { client } = await connect(null);
    expect(client.getInstructions()).toContain("You are not authenticated");
    expect(await callText(client, "sh-list")).toEqual({
      text: lines("Available prompts:", "  - summarize"),
      isError: false,
    });
    expect((await callText(client, "sh-search", { query: "SUMM" })).text).toBe(
      lines("Prompts matching 'SUMM':", "  - sh-summarize: Summarizes text [tags: writing]"),
    );
    expect((await callText(client, "sh-run", { name: "summarize", input: '{"text": "Dark mode"}' })).text).toBe(
      lines("[User]", "Summarize in 3 bullets:", "Dark mode"),
    );
    expect((await callText(client, "sh-run", { name: "review", input: "x" })).text).toBe(
      "Error: Prompt 'review' not found",
    );
    expect(await callText(client, "sh-context")).toEqual({
      text: "Error: could not resolve a user: no credentials were sent. Set the header 'Authorization: Bearer <API key>'.",
      isError: true,
    });
    expect((await callText(client, "sh-workflow-list")).text).toBe(
      lines("Available workflows:", "  - Public digest (1 step)"),
    );
    expect((await callText(client, "sh-workflow-run", { name: "public digest", input: '{"text": "Hi"}' })).text).toBe(
      lines(
        "Workflow: Public digest (1 steps)",
        "",
        "--- ✓ digest (summarize v2) ---",
        "[User]",
        "Summarize in 3 bullets:",
        "Hi",
        "",
        "--- Final Outputs ---",
        "{",
        '  "digest": "Summarize in 3 bullets:\\nHi"',
        "}",
      ),
    );
    await client.close();
  });

  it("hides deprecated prompts and reports failing workflow steps in the result", async () => {
    const { client } = await connect(aliceKey);
    expect((await callText(client, "sh-list")).text).not.toContain("old-helper");
    expect((await callText(client, "sh-run", { name: "old-helper", input: "x" })).text).toBe(
      "Error: Prompt 'old-helper' not found",
    );
    const failing = await callText(client, "sh-workflow-run", { name: "Public digest", input: '{"bullets": "many"}' });
    expect(failing.isError).toBe(false);
    expect(failing.text).toBe(
      lines(
        "Workflow: Public digest (1 steps)",
        "",
        "--- ✗ digest (summarize vlatest) ---",
        "Error: Input does not match the prompt's input_schema: input.text must have required property 'text'; input.bullets must be integer",
        "",
        "--- Final Outputs ---",
        "{}",
      ),
    );
    await client.close();
  });

  it("turns bad arguments, bad projects and bad input into error results", async () => {
    const { client } = await connect(aliceKey);
    await callText(client, "sh-list");
    expect(await callText(client, "sh-run", { name: "review" })).toEqual({
      text: "Error: invalid arguments: input: Invalid input: expected text or a JSON object, received nothing",
      isError: true,
    });
    expect((await callText(client, "sh-run", { name: "review", input: "x", project: "nope" })).text).toBe(
      "Error: invalid arguments: project: must be a project id (UUID)",
    );
    expect((await callText(client, "sh-context", { project_id: "nope" })).text).toBe(
      "Error: invalid arguments: project_id: must be a project id (UUID)",
    );
    const unknownProject = "00000000-0000-4000-8000-000000000000";
    expect((await callText(client, "sh-run", { name: "review", input: "x", project: unknownProject })).text).toBe(
      "Error: Project not found",
    );
    expect((await callText(client, "sh-run", { name: "summarize", input: '{"bullets": "two"}' })).text).toBe(
      "Error: Input does not match the prompt's input_schema: input.text must have required property 'text'; input.bullets must be integer",
    );
    const carolClient = (await connect(carolKey)).client;
    await callText(carolClient, "sh-list");
    expect(
      await callText(carolClient, "sh-run", { name: "summarize", input: '{"text": "x"}', project: projectId }),
    ).toEqual({
      text: "Error: Only admins, the project's lead and members, and people in its team or a team below it may use this project",
      isError: true,
    });
    await expect(client.callTool({ name: "sh-nothing", arguments: {} })).rejects.toThrow(/Unknown tool: sh-nothing/);
    await Promise.all([client.close(), carolClient.close()]);
  });

  it("records every expansion as usage with source mcp", async () => {
    const { client } = await connect(aliceKey);
    await callText(client, "sh-run", { name: "summarize", input: '{"text": "usage"}' });
    await callText(client, "sh-run", { name: "no-such-prompt", input: "x" });
    await client.getPrompt({ name: "summarize", arguments: { text: "usage" } });
    await t.app.usage.flush();
    const rows = await db
      .select()
      .from(promptUsage)
      .where(and(eq(promptUsage.userId, alice.userId), eq(promptUsage.source, "mcp")));
    expect(
      rows.filter((row) => row.promptName === "summarize" && row.statusCode === 200).length,
    ).toBeGreaterThanOrEqual(2);
    expect(rows.find((row) => row.promptName === "no-such-prompt")).toMatchObject({
      statusCode: 404,
      promptVersion: "latest",
    });
    await client.close();
  });
});

describe("native prompts", () => {
  const labelArgument = {
    name: "label",
    description: "Use the version this label points at (e.g. staging, or latest for the newest); default: production",
    required: false,
  };
  const summarizePrompt = {
    name: "summarize",
    description: "Summarizes text",
    arguments: [
      { name: "text", description: "Text to summarize", required: true },
      { name: "bullets", description: "How many bullet points (JSON integer)", required: false },
      labelArgument,
    ],
  };

  it("lists what each caller may expand, with arguments from the input schema", async () => {
    const names = async (token: string | null) => {
      const { client } = await connect(token);
      const { prompts } = await client.listPrompts();
      await client.close();
      return prompts;
    };
    expect(await names(aliceKey)).toEqual([
      { name: "house-style", arguments: [labelArgument] },
      {
        name: "review",
        description: "Reviews a change",
        arguments: [{ name: "input", description: "Free-text input", required: true }, labelArgument],
      },
      summarizePrompt,
    ]);
    expect((await names(bobKey)).map((prompt) => prompt.name)).toEqual(["review", "summarize"]);
    expect(await names(carolKey)).toEqual([summarizePrompt]);
    expect(await names(null)).toEqual([summarizePrompt]);
  });

  it("expands with the caller's governance into user messages, system text first", async () => {
    const { client } = await connect(aliceKey);
    expect(await client.getPrompt({ name: "review", arguments: { input: "X" } })).toEqual({
      description: "review v1.0",
      messages: [
        {
          role: "user",
          content: { type: "text", text: `${SECURITY}\n\nYou are a careful reviewer.\nKeep answers under 200 words.` },
        },
        {
          role: "user",
          content: {
            type: "text",
            text: lines(
              "Review this change:",
              "X",
              "",
              "Goals:",
              "Ship reliable software",
              "Accessible by default",
              "Learn the checkout domain",
              "",
              "Use British spelling.",
              "",
              "Follow the team style guide.",
              "",
              "[Validation Checklist]",
              "- [ ] accessibility-check: Every UI change meets WCAG 2.1 AA.",
            ),
          },
        },
      ],
    });
    await client.close();
  });

  it("parses JSON arguments where the schema wants another type, and reports what does not fit", async () => {
    const { client } = await connect(null);
    expect(await client.getPrompt({ name: "summarize", arguments: { text: "Notes", bullets: "2" } })).toEqual({
      description: "summarize v2",
      messages: [{ role: "user", content: { type: "text", text: "Summarize in 2 bullets:\nNotes" } }],
    });
    await expect(client.getPrompt({ name: "summarize", arguments: { text: "Notes", bullets: "two" } })).rejects.toThrow(
      "Input does not match the prompt's input_schema: input.bullets must be integer",
    );
    await expect(client.getPrompt({ name: "review", arguments: { input: "x" } })).rejects.toThrow(
      "Prompt 'review' not found",
    );
    await client.close();
  });

  it("refuses prompts the caller may not see", async () => {
    const { client } = await connect(carolKey);
    await expect(client.getPrompt({ name: "review", arguments: { input: "x" } })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining("Prompt 'review' not found"),
    });
    await client.close();
  });
});

describe("identity and scopes", () => {
  const resourceMetadata = () => `resource_metadata="${baseUrl}/.well-known/oauth-protected-resource/mcp"`;

  it("answers an invalid key with 401 and a JSON-RPC error, never as anonymous", async () => {
    const response = await post("pcp_not-a-real-key", listToolsMessage);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer error="invalid_token", ${resourceMetadata()}, scope="read expand"`,
    );
    expect(await response.json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32001, message: "Invalid or expired API key" },
      id: null,
    });
    expect((await post("not-a-jwt", listToolsMessage)).status).toBe(401);
  });

  it("accepts a JWT and the operator token", async () => {
    const viaJwt = await connect(alice.token);
    expect((await callText(viaJwt.client, "sh-list")).text).toContain("  - house-style");
    const viaOperator = await connect("operator-token-for-tests");
    expect((await callText(viaOperator.client, "sh-list")).text).toContain("  - house-style");
    await Promise.all([viaJwt.client.close(), viaOperator.client.close()]);
  });

  it("re-checks the key on every request: a key revoked mid-session gets 401", async () => {
    const key = await createKey(alice);
    const { client } = await connect(key.raw);
    await callText(client, "sh-list");
    await api(alice, "DELETE", `/api-keys/${key.id}`);
    await expect(client.callTool({ name: "sh-list", arguments: {} })).rejects.toMatchObject({
      code: 401,
      message: expect.stringContaining('"message":"Invalid or expired API key"'),
    });
  });

  it("refuses a deactivated user's key mid-session with 401", async () => {
    const erin = await createUserSession(t.app, db, { teamId: admin.teamId });
    const key = await createKey(erin);
    const { client } = await connect(key.raw);
    await callText(client, "sh-list");
    await api(admin, "PUT", `/users/${erin.userId}`, { is_active: false });
    const response = await post(key.raw, listToolsMessage, { "mcp-session-id": client.transport?.sessionId ?? "" });
    expect(response.status).toBe(401);
    expect((await rpc(response)).error).toEqual({ code: -32001, message: "User not found or inactive" });
  });

  it("lets a read-only key list and search but not expand", async () => {
    const key = await createKey(alice, ["read"]);
    const { client } = await connect(key.raw);
    expect((await callText(client, "sh-list")).isError).toBe(false);
    expect((await client.listPrompts()).prompts.length).toBeGreaterThan(0);
    const refused = "Error: This API key lacks the 'expand' scope needed here";
    expect(await callText(client, "sh-run", { name: "summarize", input: '{"text": "x"}' })).toEqual({
      text: refused,
      isError: true,
    });
    expect(await callText(client, "sh-workflow-run", { name: "Public digest", input: "" })).toEqual({
      text: refused,
      isError: true,
    });
    await expect(client.getPrompt({ name: "summarize", arguments: { text: "x" } })).rejects.toThrow(
      "This API key lacks the 'expand' scope needed here",
    );
    await client.close();
  });

  it("answers anonymous callers 401 with where to sign in while anonymous access is off", async () => {
    await api(admin, "PATCH", "/settings", { mcp_anonymous_access: false });
    try {
      for (const response of [
        await post(null, initializeMessage),
        await fetch(`${baseUrl}/mcp`, { headers: { accept: "text/event-stream" } }),
        await fetch(`${baseUrl}/mcp`, { method: "DELETE", headers: { "mcp-session-id": "x" } }),
      ]) {
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toBe(`Bearer ${resourceMetadata()}, scope="read expand"`);
        expect((await rpc(response)).error).toEqual({
          code: -32001,
          message: "Authentication required: sign in, or send 'Authorization: Bearer <API key>'",
        });
      }
      // Identified callers are served as before.
      expect((await post(aliceKey, listToolsMessage)).status).toBe(200);
    } finally {
      await api(admin, "PATCH", "/settings", { mcp_anonymous_access: true });
    }
    expect((await post(null, listToolsMessage)).status).toBe(200);
  });

  it("needs the read scope to use the endpoint at all", async () => {
    const key = await createKey(alice, ["expand"]);
    const response = await post(key.raw, listToolsMessage);
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer error="insufficient_scope", ${resourceMetadata()}, scope="read"`,
    );
    expect(await response.json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32003, message: "This API key lacks the 'read' scope needed here" },
      id: null,
    });
  });
});

describe("sessions", () => {
  const sessionRow = async (id: string) => {
    const [row] = await db.select().from(mcpSessions).where(eq(mcpSessions.id, id));
    return row;
  };

  it("issues a session at initialize, stored for the identity that opened it", async () => {
    const key = await createKey(carol);
    const { client, transport } = await connect(key.raw);
    const id = transport.sessionId ?? "";
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(await sessionRow(id)).toMatchObject({ userId: carol.userId, apiKeyId: key.id, contextDelivered: false });
    await callText(client, "sh-list");
    expect((await sessionRow(id))?.contextDelivered).toBe(true);
    await client.close();
  });

  it("injects the context once per session, and again in a new session", async () => {
    for (let round = 0; round < 2; round++) {
      const { client } = await connect(carolKey);
      const first = await callText(client, "sh-workflow-list");
      expect(first.text.startsWith(`${CAROL_CONTEXT}\n\n`)).toBe(true);
      expect((await callText(client, "sh-workflow-list")).text).not.toContain("SESSION CONTEXT");
      expect((await callText(client, "sh-context")).text).not.toContain("SESSION CONTEXT");
      await client.close();
    }
  });

  it("delivers the context exactly once when the first calls of a session race", async () => {
    const { client, transport } = await connect(carolKey);
    const headers = { "mcp-session-id": transport.sessionId ?? "", "mcp-protocol-version": "2025-06-18" };
    const texts = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const message = { jsonrpc: "2.0", id: i, method: "tools/call", params: { name: "sh-list", arguments: {} } };
        return (await rpc(await post(carolKey, message, headers))).result.content[0]?.text ?? "";
      }),
    );
    expect(texts.filter((text) => text.includes("SESSION CONTEXT"))).toHaveLength(1);
    await client.close();
  });

  it("puts an error result after the context when it is the session's first", async () => {
    const { client } = await connect(carolKey);
    expect(await callText(client, "sh-run", { name: "review", input: "x" })).toEqual({
      text: `${CAROL_CONTEXT}\n\nError: Prompt 'review' not found`,
      isError: true,
    });
    await client.close();
  });

  it("serves clients that send no session id, with the context in the initialize instructions", async () => {
    const init = await post(aliceKey, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "plain", version: "1" } },
    });
    expect(init.status).toBe(200);
    expect(init.headers.get("mcp-session-id")).toBeTruthy();
    const initialized = await rpc(init);
    expect(initialized.result.serverInfo).toEqual({ name: "Prompt Control Plane", version: "0.1.0" });
    expect(initialized.result.capabilities).toMatchObject({
      tools: { listChanged: true },
      prompts: { listChanged: true },
    });
    expect(initialized.result.instructions).toContain(ALICE_CONTEXT);

    const call = await post(aliceKey, {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "sh-list", arguments: {} },
    });
    expect(call.status).toBe(200);
    expect((await rpc(call)).result.content[0]?.text).toBe(
      lines("Available prompts:", "  - house-style", "  - review", "  - summarize"),
    );
  });

  it("does not let another identity use a session", async () => {
    const { client, transport } = await connect(aliceKey);
    const headers = { "mcp-session-id": transport.sessionId ?? "" };
    for (const token of [bobKey, alice.token, null]) {
      const response = await post(token, listToolsMessage, headers);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        jsonrpc: "2.0",
        error: { code: -32001, message: "Session not found" },
        id: null,
      });
    }
    expect((await post(aliceKey, listToolsMessage, headers)).status).toBe(200);
    await client.close();
  });

  it("answers an expired or unknown session with 404, and a new initialize works", async () => {
    const { client, transport } = await connect(carolKey);
    const id = transport.sessionId ?? "";
    await db
      .update(mcpSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(mcpSessions.id, id));
    // Written straight to the database, as another process would: processes learn of it by notification.
    await expect
      .poll(async () => (await post(carolKey, listToolsMessage, { "mcp-session-id": id })).status, { timeout: 5_000 })
      .toBe(404);
    await expect(client.callTool({ name: "sh-list", arguments: {} })).rejects.toMatchObject({
      code: 404,
      message: expect.stringContaining('"message":"Session not found"'),
    });
    expect((await post(carolKey, listToolsMessage, { "mcp-session-id": "no-such-session" })).status).toBe(404);

    const fresh = await connect(carolKey);
    expect(fresh.transport.sessionId).not.toBe(id);
    expect((await callText(fresh.client, "sh-list")).text).toContain("SESSION CONTEXT");
    await fresh.client.close();
  });

  it("extends an active session's expiry at most once a minute", async () => {
    const { client, transport } = await connect(carolKey);
    const id = transport.sessionId ?? "";
    const soon = new Date(Date.now() + 60_000);
    await db.update(mcpSessions).set({ expiresAt: soon }).where(eq(mcpSessions.id, id));
    // Written straight to the database: the app reads sessions from its cache until the change
    // feed tells it otherwise, so each request waits for that.
    await t.changesSeen("sessions");
    await callText(client, "sh-list");
    expect((await sessionRow(id))?.expiresAt.getTime()).toBe(soon.getTime());

    await db
      .update(mcpSessions)
      .set({ lastSeenAt: new Date(Date.now() - 120_000) })
      .where(eq(mcpSessions.id, id));
    await t.changesSeen("sessions");
    await callText(client, "sh-list");
    const row = await sessionRow(id);
    expect(row?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    expect(row?.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await client.close();
  });

  it("ends a session on DELETE, for its owner only", async () => {
    const { client, transport } = await connect(carolKey);
    const id = transport.sessionId ?? "";
    const remove = (token: string | null, headers: Record<string, string>) =>
      fetch(`${baseUrl}/mcp`, {
        method: "DELETE",
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      });
    expect((await remove(aliceKey, { "mcp-session-id": id })).status).toBe(404);
    const missing = await remove(carolKey, {});
    expect(missing.status).toBe(400);
    expect((await rpc(missing)).error.message).toBe("Mcp-Session-Id header is required");

    await transport.terminateSession();
    expect(await sessionRow(id)).toBeUndefined();
    expect((await post(carolKey, listToolsMessage, { "mcp-session-id": id })).status).toBe(404);
    await client.close();
  });

  it("answers on /mcp/ as well", async () => {
    const { client } = await connect(null, `${baseUrl}/mcp/`);
    expect((await callText(client, "sh-list")).text).toBe(lines("Available prompts:", "  - summarize"));
    await client.close();
  });
});

describe("allowed hosts", () => {
  let guarded: FastifyInstance;
  let guardedPort: number;

  beforeAll(async () => {
    guarded = await buildApp({
      config: { ...t.config, allowedHosts: ["mcp.example.test", "127.0.0.1"] },
      database: t.database,
      logger: false,
    });
    await guarded.listen({ port: 0, host: "127.0.0.1" });
    guardedPort = (guarded.server.address() as AddressInfo).port;
  });
  afterAll(async () => guarded?.close());

  /** node:http, because fetch does not let a caller choose the Host header. */
  function postWithHost(host: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: "127.0.0.1",
          port: guardedPort,
          path: "/mcp",
          method: "POST",
          headers: {
            host,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
        },
        (response) => {
          let body = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            body += chunk;
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on("error", reject);
      request.end(JSON.stringify(listToolsMessage));
    });
  }

  it("refuses other Host headers with 403 and serves the listed ones", async () => {
    const refused = await postWithHost("evil.example:8000");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({
      jsonrpc: "2.0",
      error: { code: -32003, message: "Invalid Host header: evil.example:8000" },
      id: null,
    });
    expect((await postWithHost("mcp.example.test")).status).toBe(200);
    expect((await postWithHost("MCP.example.test:8443")).status).toBe(200);

    const { client } = await connect(null, `http://127.0.0.1:${guardedPort}/mcp`);
    expect((await client.listTools()).tools).toHaveLength(6);
    await client.close();
  });

  it("leaves the REST API alone", async () => {
    const response = await guarded.inject({ method: "GET", url: "/health", headers: { host: "evil.example" } });
    expect(response.statusCode).toBe(200);
  });
  it("on a server bound to a loopback address, answers only to loopback names unless hosts are listed", async () => {
    const local = await appWith({ host: "127.0.0.1" });
    // A page whose name resolves to 127.0.0.1 names itself in Host and Origin alike (DNS rebinding).
    const rebound = await injectMcp(local, {
      headers: { host: "evil.example.com", origin: "http://evil.example.com" },
    });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.json().error.message).toBe("Invalid Host header: evil.example.com");
    for (const host of ["localhost:8000", "127.0.0.1:8000", "[::1]:8000"]) {
      expect((await injectMcp(local, { headers: { host, origin: `http://${host}` } })).statusCode).toBe(200);
    }
    const listed = await appWith({ host: "127.0.0.1", allowedHosts: ["mcp.example.test"] });
    expect((await injectMcp(listed, { headers: { host: "mcp.example.test" } })).statusCode).toBe(200);
    // Bound to every interface, with no list: any host, as before.
    expect((await injectMcp(await appWith({}), { headers: { host: "evil.example.com" } })).statusCode).toBe(200);
  });
});

describe("origins and forwarded hosts", () => {
  const UNTRUSTED = "203.0.113.7";
  let open: FastifyInstance;
  let guarded: FastifyInstance;

  beforeAll(async () => {
    // app.inject's peer is 127.0.0.1: the web UI's proxy, as far as these apps know.
    open = await appWith({ trustProxy: ["127.0.0.1"] });
    guarded = await appWith({
      trustProxy: ["127.0.0.1"],
      allowedHosts: ["mcp.example.test"],
      corsOrigins: ["http://localhost:3000"],
    });
  });

  const refusal = (message: string) => ({ jsonrpc: "2.0", error: { code: -32003, message }, id: null });

  it("refuses a page from another origin with 403", async () => {
    const evil = await injectMcp(open, { headers: { host: "127.0.0.1:8000", origin: "http://evil.example" } });
    expect(evil.statusCode).toBe(403);
    expect(evil.json()).toEqual(refusal("Invalid Origin header: http://evil.example"));
    const opaque = await injectMcp(open, { headers: { host: "127.0.0.1:8000", origin: "null" } });
    expect(opaque.json()).toEqual(refusal("Invalid Origin header: null"));
    const elsewhere = await injectMcp(guarded, {
      headers: { host: "mcp.example.test", origin: "https://evil.example" },
    });
    expect(elsewhere.statusCode).toBe(403);
    // A port is part of the origin: another site on the same machine is another origin.
    const otherPort = await injectMcp(open, { headers: { host: "127.0.0.1:8000", origin: "http://127.0.0.1:5173" } });
    expect(otherPort.statusCode).toBe(403);
  });

  it("serves its own origin, listed origins and hosts, and clients that send no Origin", async () => {
    const served = async (app: FastifyInstance, headers: Record<string, string>) =>
      (await injectMcp(app, { headers })).statusCode;
    expect(await served(open, { host: "127.0.0.1:8000", origin: "http://127.0.0.1:8000" })).toBe(200);
    expect(await served(open, { host: "127.0.0.1:8000" })).toBe(200);
    expect(await served(guarded, { host: "mcp.example.test", origin: "https://mcp.example.test" })).toBe(200);
    expect(await served(guarded, { host: "mcp.example.test", origin: "http://localhost:3000" })).toBe(200);
    expect(await served(guarded, { host: "mcp.example.test", origin: "https://MCP.example.test:8443" })).toBe(200);
  });

  it("takes its own origin from the host the web UI's proxy forwards, and from no one else", async () => {
    const headers = {
      host: "sh-pcp-backend:8000",
      "x-forwarded-host": "pcp.example.test",
      origin: "https://pcp.example.test",
    };
    expect((await injectMcp(open, { headers })).statusCode).toBe(200);
    const untrusted = await injectMcp(open, { headers, remoteAddress: UNTRUSTED });
    expect(untrusted.statusCode).toBe(403);
    expect(untrusted.json()).toEqual(refusal("Invalid Origin header: https://pcp.example.test"));
  });

  it("enforces ALLOWED_HOSTS on the host a trusted proxy forwards, and ignores the header from anyone else", async () => {
    const throughProxy = { host: "sh-pcp-backend:8000", "x-forwarded-host": "mcp.example.test" };
    const rebound = { host: "mcp.example.test", "x-forwarded-host": "evil.example" };

    expect((await injectMcp(guarded, { headers: throughProxy })).statusCode).toBe(200);
    const refused = await injectMcp(guarded, { headers: rebound });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual(refusal("Invalid X-Forwarded-Host header: evil.example"));

    expect((await injectMcp(guarded, { headers: rebound, remoteAddress: UNTRUSTED })).statusCode).toBe(200);
    const direct = await injectMcp(guarded, { headers: throughProxy, remoteAddress: UNTRUSTED });
    expect(direct.statusCode).toBe(403);
    expect(direct.json()).toEqual(refusal("Invalid Host header: sh-pcp-backend:8000"));
  });
});

describe("sessions for initialized, identified callers only", () => {
  const sessionsOf = async (condition: ReturnType<typeof eq> | ReturnType<typeof isNull>) =>
    (await db.select({ n: count() }).from(mcpSessions).where(condition))[0]?.n;

  it("stores no session when initialize fails", async () => {
    const key = await createKey(carol);
    const refused = await post(key.raw, initializeMessage, { accept: "application/json" });
    expect(refused.status).toBe(406);
    expect(refused.headers.get("mcp-session-id")).toBeNull();
    expect(await sessionsOf(eq(mcpSessions.apiKeyId, key.id))).toBe(0);

    const accepted = await post(key.raw, initializeMessage);
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get("mcp-session-id")).toMatch(/^[\w-]{43}$/);
    expect(await sessionsOf(eq(mcpSessions.apiKeyId, key.id))).toBe(1);
  });

  it("serves anonymous clients without a session, and stores none", async () => {
    const before = await sessionsOf(isNull(mcpSessions.userId));
    const init = await post(null, initializeMessage);
    expect(init.status).toBe(200);
    expect(init.headers.get("mcp-session-id")).toBeNull();
    expect((await rpc(init)).result.instructions).toContain("You are not authenticated");

    const { client, transport } = await connect(null);
    expect(transport.sessionId).toBeUndefined();
    expect((await client.listTools()).tools).toHaveLength(6);
    expect(await callText(client, "sh-run", { name: "summarize", input: '{"text": "Dark mode"}' })).toEqual({
      text: lines("[User]", "Summarize in 3 bullets:", "Dark mode"),
      isError: false,
    });
    await client.close();
    expect(await sessionsOf(isNull(mcpSessions.userId))).toBe(before);
  });
});

describe("malformed requests", () => {
  const errorOf = async (message: unknown) => {
    const response = await post(aliceKey, message);
    expect(response.status).toBe(200);
    return (await rpc(response)).error;
  };

  it("answers malformed params with -32602 naming the field", async () => {
    expect(await errorOf(callMessage({ name: "sh-list", arguments: "x" }))).toEqual({
      code: -32602,
      message: "Invalid params: arguments: must be an object",
    });
    expect(await errorOf(callMessage({ arguments: {} }))).toEqual({
      code: -32602,
      message: "Invalid params: name: is required",
    });
    expect(
      await errorOf({
        jsonrpc: "2.0",
        id: 3,
        method: "prompts/get",
        params: { name: "summarize", arguments: { text: 5 } },
      }),
    ).toEqual({ code: -32602, message: "Invalid params: arguments.text: must be a string or a JSON object" });
    expect(await errorOf({ jsonrpc: "2.0", id: 4, method: "resources/list", params: {} })).toEqual({
      code: -32601,
      message: "Method not found",
    });
  });

  it("refuses NUL characters in arguments with -32602 naming the field", async () => {
    expect(await errorOf(callMessage({ name: "sh-run", arguments: { name: "summarize", input: "a\u0000b" } }))).toEqual(
      {
        code: -32602,
        message: "Invalid params: arguments.input: must not contain NUL characters",
      },
    );
    expect(
      await errorOf({ jsonrpc: "2.0", id: 5, method: "prompts/get", params: { name: "sum\u0000marize" } }),
    ).toEqual({
      code: -32602,
      message: "Invalid params: name: must not contain NUL characters",
    });
  });

  it("answers other HTTP methods with 405 and Allow", async () => {
    for (const method of ["PUT", "PATCH"]) {
      const response = await fetch(`${baseUrl}/mcp`, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(listToolsMessage),
      });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, POST, DELETE");
      expect((await rpc(response)).error).toEqual({
        code: -32000,
        message: `Method not allowed: ${method}; send messages with POST, listen with GET, end a session with DELETE`,
      });
    }
  });
});

describe("rate limits", () => {
  it("limits initialize and tools/call per caller with 429 and Retry-After", async () => {
    const limited = await appWith({ mcpRateLimitMax: 3 });
    const status = async (options: Parameters<typeof injectMcp>[1]) => (await injectMcp(limited, options)).statusCode;
    const list = callMessage({ name: "sh-list", arguments: {} });

    expect(await status({ token: aliceKey, message: initializeMessage })).toBe(200);
    expect(await status({ token: aliceKey, message: list })).toBe(200);
    expect(await status({ token: aliceKey, message: list })).toBe(200);
    // Listing costs nothing and is not counted.
    for (let i = 0; i < 5; i++) expect(await status({ token: aliceKey })).toBe(200);

    const refused = await injectMcp(limited, { token: aliceKey, message: list });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32000, message: expect.stringMatching(/^Too many MCP requests; try again in /) },
      id: null,
    });
    // Per user, whichever credential: the same user with a JWT is refused, another user is not.
    expect(await status({ token: alice.token, message: initializeMessage })).toBe(429);
    expect(await status({ token: carolKey, message: list })).toBe(200);

    // Anonymous callers are counted per address.
    for (let i = 0; i < 3; i++) expect(await status({ message: list, remoteAddress: "198.51.100.1" })).toBe(200);
    expect(await status({ message: list, remoteAddress: "198.51.100.1" })).toBe(429);
    expect(await status({ message: list, remoteAddress: "198.51.100.2" })).toBe(200);
  });
});
