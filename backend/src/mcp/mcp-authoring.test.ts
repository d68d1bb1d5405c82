import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type CallToolResult, GetPromptResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession, registerAdmin, type Session, sender, unique } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";

/** What authors rely on over MCP: argument order, defaults, optional inputs, names as listed, object input. */

let t: TestContext;
let client: Client;
let review: string;
let send: ReturnType<typeof sender>;

const reviewSchema = {
  type: "object",
  properties: {
    code: { type: "string", description: "The code to review" },
    language: { type: "string" },
    strict: { type: "boolean", default: true },
    focus: { type: "string" },
    options: { type: "object", properties: { depth: { type: "integer", default: 1 } } },
  },
  required: ["code", "strict"],
};
const reviewTemplate =
  "{{ code }}|{{ language }}|{% if focus %}focus: {{ focus }}{% else %}no focus{% endif %}|strict={{ strict }}|" +
  "depth={{ options.depth if options else 'none' }}";

async function createPrompt(session: Session, version: Record<string, unknown>) {
  const name = unique("mcp-authoring").toLowerCase();
  const response = await send("POST", "/api/v1/prompts", session, {
    name,
    description: "Reviews code",
    visibility: "org",
    version: { version: "1", ...version },
  });
  expect(response.statusCode, response.body).toBe(201);
  return name;
}

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const admin = await registerAdmin(t.app);
  const member = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  review = await createPrompt(admin, { user_template: reviewTemplate, input_schema: reviewSchema });
  const key = await send("POST", "/api/v1/api-keys", member, { name: "ide", scopes: ["read", "expand"] });
  expect(key.statusCode, key.body).toBe(201);
  const url = new URL(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/mcp`);
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { authorization: `Bearer ${key.json().raw_key}` } },
  });
  client = new Client({ name: "authoring-test", version: "1.0.0" });
  await client.connect(transport);
  // The first tool result carries the session context; take it out of the way.
  await client.callTool({ name: "sh-list", arguments: {} });
});
afterAll(async () => {
  await client?.close();
  await t?.close();
});

async function runTool(name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const [first] = result.content;
  return { text: first?.type === "text" ? first.text : "", isError: result.isError === true };
}

const userPart = (text: string) => /\[User\]\n(.*)/.exec(text)?.[1];

describe("MCP prompts", () => {
  it("lists arguments in the input schema's order, then the optional label; one with a default is optional and says so", async () => {
    const { prompts } = await client.listPrompts();
    const listed = prompts.find((prompt) => prompt.name === review);
    expect(listed?.arguments).toEqual([
      { name: "code", description: "The code to review", required: true },
      { name: "language", required: false },
      { name: "strict", description: "JSON boolean; default: true", required: false },
      { name: "focus", required: false },
      { name: "options", description: "JSON object", required: false },
      {
        name: "label",
        description:
          "Use the version this label points at (e.g. staging, or latest for the newest); default: production",
        required: false,
      },
    ]);
  });

  it("fills defaults and leaves absent or empty optional arguments falsy", async () => {
    const result = await client.getPrompt({ name: review, arguments: { code: "x = 1", focus: "" } });
    expect(result.messages.at(-1)?.content).toEqual({
      type: "text",
      text: "x = 1||no focus|strict=true|depth=none",
    });
  });

  it("uses an argument sent as a JSON object where the schema wants one", async () => {
    const sent = await client.request(
      {
        method: "prompts/get",
        params: { name: review, arguments: { code: "y", options: { depth: 3 }, strict: "false" } },
      },
      GetPromptResultSchema,
    );
    expect(sent.messages.at(-1)?.content).toEqual({
      type: "text",
      text: "y||no focus|strict=false|depth=3",
    });
    const nestedDefault = await client.getPrompt({ name: review, arguments: { code: "z", options: "{}" } });
    expect(nestedDefault.messages.at(-1)?.content).toMatchObject({ text: "z||no focus|strict=true|depth=1" });
  });
});

describe("MCP tools", () => {
  it("sh-run fills defaults and renders absent optional inputs as falsy", async () => {
    const result = await runTool("sh-run", { name: review, input: '{"code": "a"}' });
    expect(result.isError, result.text).toBe(false);
    expect(userPart(result.text)).toBe("a||no focus|strict=true|depth=none");
  });

  it("sh-run takes its input as a JSON object as well as JSON text", async () => {
    const result = await runTool("sh-run", { name: review, input: { code: "b", focus: "naming", strict: false } });
    expect(result.isError, result.text).toBe(false);
    expect(userPart(result.text)).toBe("b||focus: naming|strict=false|depth=none");
  });

  it("sh-run accepts the name as sh-search prints it", async () => {
    const search = await runTool("sh-search", { query: review });
    const listed = /^ {2}- (\S+):/m.exec(search.text)?.[1] as string;
    expect(listed).toBe(`sh-${review}`);
    const result = await runTool("sh-run", { name: listed, input: '{"code": "c"}' });
    expect(result.isError, result.text).toBe(false);
    expect(userPart(result.text)).toBe("c||no focus|strict=true|depth=none");

    const list = await runTool("sh-list", {});
    expect(list.text).toContain(`  - ${review}`);
    expect((await runTool("sh-run", { name: review, input: '{"code": "d"}' })).isError).toBe(false);
    expect((await runTool("sh-run", { name: "sh-no-such-prompt", input: "x" })).text).toBe(
      "Error: Prompt 'no-such-prompt' not found",
    );
  });
});
