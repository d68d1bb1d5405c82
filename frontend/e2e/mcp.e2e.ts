import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type CallToolResult, PromptListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { expect, test } from "@playwright/test";
import { adminToken } from "./support/admin";
import { backendUrl, frontendUrl } from "./support/servers";

const promptName = "mcp-release-notes";

/** One HTTP exchange of the MCP client, as it left the client and as the answer came back. */
type Exchange = { method: string; url: string; accept: string; status: number; contentType: string; session: string };

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("an MCP client through the frontend's /mcp", () => {
  const frontend = frontendUrl;
  const backend = backendUrl;
  const exchanges: Exchange[] = [];
  let token: string;
  let projectId: string;
  let client: Client;
  let promptListChanges = 0;

  /** The admin calling the REST API through the frontend, as automation would. */
  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${frontend}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.ok, `${method} ${path}: ${text}`).toBe(true);
    return JSON.parse(text);
  }

  /** The SDK's fetch, recording every exchange so the test can tell where it went and what came back. */
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    exchanges.push({
      method: request.method,
      url: request.url,
      accept: request.headers.get("accept") ?? "",
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      session: response.headers.get("mcp-session-id") ?? "",
    });
    return response;
  };

  async function callText(name: string, args: Record<string, unknown>) {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const [first] = result.content;
    if (first?.type !== "text") throw new Error(`no text in the result of ${name}`);
    return { text: first.text, isError: result.isError === true };
  }

  test.beforeAll(async () => {
    token = await adminToken(frontend);
    const me = await call("GET", "/api/v1/auth/me");

    await call("POST", "/api/v1/prompts", {
      name: promptName,
      description: "Release notes from a list of changes.",
      version: {
        version: "1.0.0",
        system_template: "You write release notes for {{ product }}.",
        user_template: "Summarise these changes for customers:\n{{ changes }}",
        input_schema: {
          type: "object",
          properties: { product: { type: "string" }, changes: { type: "string" } },
          required: ["product", "changes"],
        },
      },
    });
    const project = await call("POST", "/api/v1/projects", {
      team_id: me.team_id,
      name: "MCP Pilot",
      slug: "mcp-pilot",
      description: "Governance for the MCP end-to-end test.",
    });
    projectId = project.id;
    await call("POST", "/api/v1/policies", {
      project_id: projectId,
      name: "No dates",
      enforcement_type: "prepend",
      content: "Never promise release dates.",
      priority: 5,
    });
    await call("POST", "/api/v1/policies", {
      project_id: projectId,
      name: "Plain words",
      enforcement_type: "validate",
      content: "No internal code names.",
    });
    const key = await call("POST", "/api/v1/api-keys", { name: "mcp e2e", scopes: ["read", "expand"] });

    const transport = new StreamableHTTPClientTransport(new URL(`${frontend}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${key.raw_key}` } },
      fetch: recordingFetch,
    });
    client = new Client({ name: "spechub-e2e", version: "1.0.0" });
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => {
      promptListChanges++;
    });
    await client.connect(transport);
  });
  test.afterAll(async () => {
    await client?.close();
  });

  test("initializes a session through the frontend, never talking to the backend's own port", async () => {
    expect(new URL(frontend).port).not.toBe(new URL(backend).port);
    expect(client.getServerVersion()?.name).toBe("Prompt Control Plane");
    const initialize = exchanges[0]!;
    expect(initialize).toMatchObject({ method: "POST", url: `${frontend}/mcp`, status: 200 });
    // The client offers a stream; the proxy hands it the backend's answer and session id unchanged.
    expect(initialize.accept).toContain("text/event-stream");
    expect(initialize.session).not.toBe("");
    // The client's follow-up request opens the server's event stream, through the proxy too.
    await expect
      .poll(() => exchanges.find((exchange) => exchange.method === "GET"))
      .toMatchObject({
        url: `${frontend}/mcp`,
        accept: "text/event-stream",
        status: 200,
        contentType: "text/event-stream",
      });
  });

  test("hears of a new prompt on the event stream, through the proxy, as soon as it is saved", async () => {
    await call("POST", "/api/v1/prompts", {
      name: "mcp-live",
      description: "Appears in open sessions without reconnecting.",
      version: { version: "1", user_template: "Hello {{ input }}" },
    });
    await expect.poll(() => promptListChanges, { timeout: 15_000 }).toBeGreaterThan(0);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toContain("mcp-live");
  });

  test("lists the tools and the caller's prompts as native MCP prompts", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["sh-list", "sh-search", "sh-context", "sh-run", "sh-workflow-list", "sh-workflow-run"]),
    );
    const { prompts } = await client.listPrompts();
    const prompt = prompts.find((item) => item.name === promptName);
    expect(prompt?.description).toBe("Release notes from a list of changes.");
    // The schema's properties, then the optional label choosing which version to serve.
    expect(prompt?.arguments?.map((argument) => [argument.name, argument.required])).toEqual([
      ["product", true],
      ["changes", true],
      ["label", false],
    ]);
  });

  test("expands the prompt with sh-run under the project's policies", async () => {
    const { text, isError } = await callText("sh-run", {
      name: promptName,
      input: JSON.stringify({ product: "SpecHub", changes: "- Faster search" }),
      project: projectId,
    });
    expect(isError).toBe(false);
    expect(text).toContain(
      "[System]\nNever promise release dates.\n\nYou write release notes for SpecHub.\n\n" +
        "[User]\nSummarise these changes for customers:\n- Faster search",
    );
    expect(text).toContain("[Policies Applied]\nNo dates");
    expect(text).toContain("[Validation Checklist]\n- [ ] Plain words: No internal code names.");
  });

  test("names what is wrong with the input as a tool error", async () => {
    const { text, isError } = await callText("sh-run", { name: promptName, input: JSON.stringify({ product: "x" }) });
    expect(isError).toBe(true);
    expect(text).toContain("changes");
  });

  test("renders the prompt with prompts/get", async () => {
    const result = await client.getPrompt({
      name: promptName,
      arguments: { product: "SpecHub", changes: "- Dark mode" },
    });
    expect(result.description).toBe(`${promptName} v1.0.0`);
    expect(result.messages).toEqual([
      { role: "user", content: { type: "text", text: "You write release notes for SpecHub." } },
      { role: "user", content: { type: "text", text: "Summarise these changes for customers:\n- Dark mode" } },
    ]);
  });

  test("sent every request to the frontend, and every message was answered through it", () => {
    expect(exchanges.length).toBeGreaterThanOrEqual(6);
    for (const exchange of exchanges) {
      expect(exchange.url).toBe(`${frontend}/mcp`);
      if (exchange.method === "POST") expect([200, 202]).toContain(exchange.status);
    }
    // Requests (not notifications) come back with the backend's JSON-RPC answer in the body.
    const answered = exchanges.filter((exchange) => exchange.status === 200);
    expect(answered.length).toBeGreaterThanOrEqual(5);
    for (const exchange of answered) expect(exchange.contentType).toMatch(/^(application\/json|text\/event-stream)/);
  });
});
