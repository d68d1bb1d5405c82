import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpSessions, promptUsage } from "../db/schema.js";
import { registerAdmin } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { type ServerProcess, startServerProcess, stopServerProcess } from "../test/server-process.js";

type Replica = ServerProcess & { requests: number };

const startReplica = async (databaseUrl: string): Promise<Replica> => ({
  ...(await startServerProcess(databaseUrl)),
  requests: 0,
});

/**
 * An MCP client behind a non-sticky load balancer: its requests go to the replicas in turn,
 * starting with `first`.
 */
async function connectAcross(replicas: Replica[], token: string, first = 0) {
  let next = first;
  const transport = new StreamableHTTPClientTransport(new URL("http://balancer.invalid/mcp"), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: (_input, init) => {
      const replica = replicas[next++ % replicas.length] as Replica;
      replica.requests++;
      return fetch(`${replica.url}/mcp`, init);
    },
  });
  const client = new Client({ name: "replica-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

async function callText(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const [first] = result.content;
  return first?.type === "text" ? first.text : "";
}

describe.skipIf(process.env.TEST_DB !== "postgres")("two backend processes on one database", () => {
  let t: TestContext;
  let replicas: Replica[] = [];
  let key: string;
  let userId: string;

  beforeAll(async () => {
    t = await createTestContext();
    const admin = await registerAdmin(t.app);
    userId = admin.userId;
    const inject = (url: string, payload: object) =>
      t.app.inject({ method: "POST", url: `/api/v1${url}`, headers: admin.auth, payload });
    await inject("/policies", {
      team_id: admin.teamId,
      name: "be-kind",
      enforcement_type: "prepend",
      content: "Be kind.",
    });
    await inject("/prompts", {
      name: "hello",
      visibility: "org",
      version: { version: "1", user_template: "Hi {{ input }}" },
    });
    key = (await inject("/api-keys", { name: "replicas", scopes: ["read", "expand"] })).json().raw_key;
    if (!t.databaseUrl) throw new Error("the PostgreSQL harness exposes no database URL");
    replicas = await Promise.all([startReplica(t.databaseUrl), startReplica(t.databaseUrl)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map(stopServerProcess));
    await t?.close();
  });

  it("continues a session started on one process on the other, delivering the context once", async () => {
    const { client, transport } = await connectAcross(replicas, key);
    const sessionId = transport.sessionId ?? "";
    expect(sessionId).not.toBe("");

    const results: string[] = [];
    for (let i = 0; i < 4; i++) results.push(await callText(client, "sh-list"));
    expect(results.filter((text) => text.includes("SESSION CONTEXT"))).toHaveLength(1);
    expect(results[0]).toContain("  - [prepend] be-kind: Be kind. (local)");
    expect(results.every((text) => text.endsWith("Available prompts:\n  - hello"))).toBe(true);
    expect(await callText(client, "sh-run", { name: "hello", input: "there" })).toContain("[User]\nHi there");
    expect(replicas.every((replica) => replica.requests >= 3)).toBe(true);

    const [row] = await t.database.db.select().from(mcpSessions).where(eq(mcpSessions.id, sessionId));
    expect(row).toMatchObject({ userId, contextDelivered: true });
    await client.close();
  });

  it("delivers the context once when both processes race for it", async () => {
    const { client } = await connectAcross(replicas, key, 1);
    const results = await Promise.all(Array.from({ length: 8 }, () => callText(client, "sh-workflow-list")));
    expect(results.filter((text) => text.includes("SESSION CONTEXT"))).toHaveLength(1);
    await client.close();
  });

  it("ends a session on one process for both", async () => {
    const { client, transport } = await connectAcross(replicas, key);
    await callText(client, "sh-list");
    const sessionId = transport.sessionId ?? "";
    await transport.terminateSession();
    expect(await t.database.db.select().from(mcpSessions).where(eq(mcpSessions.id, sessionId))).toEqual([]);
    for (const replica of replicas) {
      const response = await fetch(`${replica.url}/mcp`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-session-id": sessionId,
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
      });
      expect(response.status).toBe(404);
    }
    await client.close();
  });

  it("records usage from every process", async () => {
    await Promise.all(replicas.map(stopServerProcess));
    const rows = await t.database.db.select().from(promptUsage).where(eq(promptUsage.source, "mcp"));
    expect(rows.some((row) => row.promptName === "hello" && row.userId === userId && row.statusCode === 200)).toBe(
      true,
    );
  });
});
