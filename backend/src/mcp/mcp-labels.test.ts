import type { AddressInfo } from "node:net";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGovernanceOrg, type GovernanceOrg, sender, unique } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { callText, connectWithContext } from "../test/mcp-client.js";

let t: TestContext;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;
let baseUrl: string;
let memberKey: string;
let colleagueKey: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, t.database.db);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const key = async (session: typeof org.member) => {
    const response = await send("POST", "/api/v1/api-keys", session, {
      name: unique("key"),
      scopes: ["read", "expand"],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().raw_key as string;
  };
  memberKey = await key(org.member);
  colleagueKey = await key(org.colleague);
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});
afterAll(async () => t?.close());

async function connect(token: string): Promise<Client> {
  const client = await connectWithContext(baseUrl, token, "mcp-labels-test");
  clients.push(client);
  return client;
}

/**
 * An org-visible prompt of `member`: version 1 takes text `input`, version 2 an integer `count`,
 * version 3 a `label` property of its own. Production on 1, staging on 2.
 */
async function createLabeledPrompt() {
  const name = unique("mcpl").toLowerCase();
  const created = await send("POST", "/api/v1/prompts", org.member, {
    name,
    visibility: "org",
    version: { version: "1", user_template: "one:{{ input }}" },
  });
  expect(created.statusCode, created.body).toBe(201);
  const versions = [
    {
      version: "2",
      user_template: "two:{{ count + 1 }}",
      input_schema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    {
      version: "3",
      user_template: "three:{{ label }}",
      input_schema: { type: "object", properties: { label: { type: "string" } }, required: ["label"] },
    },
  ];
  for (const version of versions) {
    const added = await send("PUT", `/api/v1/prompts/${name}`, org.member, version);
    expect(added.statusCode, added.body).toBe(201);
  }
  await send("PUT", `/api/v1/prompts/${name}/labels/production`, org.member, { version: "1" });
  await send("PUT", `/api/v1/prompts/${name}/labels/staging`, org.member, { version: "2" });
  return name;
}

describe("sh-run", () => {
  it("expands the version a label names, production by default, and reports an unknown label", async () => {
    const name = await createLabeledPrompt();
    const client = await connect(colleagueKey);
    expect(await callText(client, "sh-run", { name, input: "hi" })).toEqual({ text: "[User]\none:hi", isError: false });
    expect(await callText(client, "sh-run", { name, input: { count: 4 }, label: "staging" })).toEqual({
      text: "[User]\ntwo:5",
      isError: false,
    });
    expect((await callText(client, "sh-run", { name, input: { label: "mine" }, label: "latest" })).text).toBe(
      "[User]\nthree:mine",
    );
    expect(await callText(client, "sh-run", { name, input: "hi", label: "canary" })).toEqual({
      text: `Error: Prompt '${name}' has no label 'canary'`,
      isError: true,
    });
    expect((await callText(client, "sh-run", { name, input: "hi", label: "Bad Label" })).text).toMatch(
      /^Error: invalid arguments: label: /,
    );
  });
});

describe("native prompts", () => {
  it("offer a label argument unless the served version's schema has a property of that name", async () => {
    const name = await createLabeledPrompt();
    const client = await connect(colleagueKey);
    const listed = (await client.listPrompts()).prompts.find((prompt) => prompt.name === name);
    expect(listed?.arguments?.map((argument) => [argument.name, argument.required])).toEqual([
      ["input", true],
      ["label", false],
    ]);

    // Production moves to 3, whose schema declares `label` itself: no extra argument then.
    await send("PUT", `/api/v1/prompts/${name}/labels/production`, org.member, { version: "3" });
    const relisted = (await client.listPrompts()).prompts.find((prompt) => prompt.name === name);
    expect(relisted?.arguments?.map((argument) => argument.name)).toEqual(["label"]);
    expect(await client.getPrompt({ name, arguments: { label: "staging" } })).toMatchObject({
      description: `${name} v3`,
      messages: [{ role: "user", content: { type: "text", text: "three:staging" } }],
    });
  });

  it("render the labeled version, converting arguments by that version's input schema", async () => {
    const name = await createLabeledPrompt();
    const client = await connect(colleagueKey);
    expect(await client.getPrompt({ name, arguments: { input: "hey" } })).toMatchObject({
      description: `${name} v1`,
      messages: [{ role: "user", content: { type: "text", text: "one:hey" } }],
    });
    expect(await client.getPrompt({ name, arguments: { count: "41", label: "staging" } })).toMatchObject({
      description: `${name} v2`,
      messages: [{ role: "user", content: { type: "text", text: "two:42" } }],
    });
    // A label field left blank means the default version.
    expect((await client.getPrompt({ name, arguments: { input: "hey", label: "" } })).description).toBe(`${name} v1`);
    await expect(client.getPrompt({ name, arguments: { input: "x", label: "canary" } })).rejects.toThrow(
      `Prompt '${name}' has no label 'canary'`,
    );
  });
});

describe("sh-workflow-run", () => {
  it("runs steps on the run's label where they name neither version nor label", async () => {
    const name = await createLabeledPrompt();
    const workflowName = unique("wf");
    const created = await send("POST", "/api/v1/workflows", org.member, {
      name: workflowName,
      visibility: "org",
      steps: [
        { id: "first", prompt_name: name, prompt_version: "1" },
        { id: "second", prompt_name: name, depends_on: ["first"] },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const client = await connect(memberKey);
    const labeled = await callText(client, "sh-workflow-run", {
      name: workflowName,
      input: { input: "a", count: 1 },
      label: "staging",
    });
    expect(labeled.isError).toBe(false);
    expect(labeled.text).toContain(`--- ✓ first (${name} v1) ---`);
    expect(labeled.text).toContain(`--- ✓ second (${name} v2) ---\n[User]\ntwo:2`);
    const plain = await callText(client, "sh-workflow-run", { name: workflowName, input: { input: "a" } });
    expect(plain.text).toContain(`--- ✓ second (${name} v1) ---`);
  });
});

describe("while production is protected", () => {
  it("lists and serves only prompts with an approved version, and expands others by label", async () => {
    await send("PATCH", "/api/v1/settings", org.admin, { protected_labels: ["production"] });
    try {
      const pending = unique("pending").toLowerCase();
      const created = await send("POST", "/api/v1/prompts", org.member, {
        name: pending,
        visibility: "org",
        version: { version: "1", user_template: "new:{{ input }}" },
      });
      expect(created.statusCode, created.body).toBe(201);
      const client = await connect(colleagueKey);
      expect((await callText(client, "sh-list", {})).text).not.toContain(pending);
      expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).not.toContain(pending);
      expect(await callText(client, "sh-run", { name: pending, input: "x" })).toEqual({
        text: `Error: Prompt '${pending}' has no version approved for production yet; expand with label=latest to try it`,
        isError: true,
      });
      expect((await callText(client, "sh-run", { name: pending, input: "x", label: "latest" })).text).toBe(
        "[User]\nnew:x",
      );
    } finally {
      await send("PATCH", "/api/v1/settings", org.admin, { protected_labels: [] });
    }
  });
});
