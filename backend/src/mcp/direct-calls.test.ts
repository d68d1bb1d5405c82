import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAdmin, type Session, unique } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";

/**
 * Lone `tools/call` and `prompts/get` requests are answered without the SDK's server and
 * transport; a batch of one still goes through them. Both must answer alike.
 */

let t: TestContext;
let admin: Session;
let promptName: string;

beforeAll(async () => {
  t = await createTestContext();
  admin = await registerAdmin(t.app);
  promptName = unique("direct").toLowerCase();
  const created = await t.app.inject({
    method: "POST",
    url: "/api/v1/prompts",
    headers: admin.auth,
    payload: { name: promptName, visibility: "org", version: { version: "1", user_template: "Task: {{ input }}" } },
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterAll(async () => t?.close());

const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

function postMcp(body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: "POST",
    url: "/mcp",
    headers: { ...admin.auth, ...MCP_HEADERS, ...headers },
    payload: JSON.stringify(body),
  });
}

/**
 * The answer to a lone request, and to the same request in a batch of one, which the SDK answers
 * (with the one answer, not a list).
 */
async function bothWays(method: string, params: unknown) {
  const message = { jsonrpc: "2.0", id: 7, method, params };
  const direct = await postMcp(message);
  const batch = await postMcp([message]);
  expect(direct.statusCode).toBe(200);
  expect(direct.headers["content-type"]).toMatch(/^application\/json/);
  return { direct: direct.json(), viaSdk: batch.json() };
}

describe("lone MCP calls", () => {
  it("answers sh-run as the SDK does", async () => {
    const { direct, viaSdk } = await bothWays("tools/call", {
      name: "sh-run",
      arguments: { name: promptName, input: "refactor billing" },
    });
    expect(direct).toEqual(viaSdk);
    expect(direct.result.content[0].text).toContain("Task: refactor billing");
  });

  it("answers prompts/get as the SDK does", async () => {
    const { direct, viaSdk } = await bothWays("prompts/get", { name: promptName, arguments: { input: "tests" } });
    expect(direct).toEqual(viaSdk);
    expect(JSON.stringify(direct.result.messages)).toContain("Task: tests");
  });

  it("reports bad params and unknown prompts as the SDK does", async () => {
    const badParams = await bothWays("tools/call", { arguments: {} });
    expect(badParams.direct).toEqual(badParams.viaSdk);
    expect(badParams.direct.error).toEqual({ code: -32602, message: "Invalid params: name: is required" });
    const unknown = await bothWays("prompts/get", { name: "no-such-prompt" });
    expect(unknown.direct).toEqual(unknown.viaSdk);
    expect(unknown.direct.error.code).toEqual(expect.any(Number));
  });

  it("leaves requests the transport refuses to the transport", async () => {
    const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "sh-list" } };
    expect((await postMcp(call, { accept: "application/json" })).statusCode).toBe(406);
    expect((await postMcp(call, { "mcp-protocol-version": "1999-01-01" })).statusCode).toBe(400);
    const notRpc = await postMcp({ method: "tools/call", params: { name: "sh-list" } });
    expect(notRpc.statusCode).toBe(400);
    expect(notRpc.json().error.code).toBe(-32700);
  });
});
