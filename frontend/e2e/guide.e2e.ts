import { describe, expect, inject, it } from "vitest";
import { fetchOpenApi, readCommittedSchema, renderSchema } from "../scripts/lib/api-schema.mjs";

// The deployment guide's checks, through the frontend's port: the proxy reaches the backend.
describe("the deployment guide's checks through the frontend", () => {
  const frontend = inject("frontendUrl");

  it("GET /health answers the backend's health", async () => {
    const response = await fetch(`${frontend}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("an anonymous GET /api/v1/prompts answers the empty first page, byte for byte", async () => {
    const response = await fetch(`${frontend}/api/v1/prompts`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.text()).toBe('{"items":[],"total":0,"page":1,"page_size":20}');
  });

  it("MCP answers initialize at /mcp and at /mcp/", async () => {
    for (const path of ["/mcp", "/mcp/"]) {
      const response = await fetch(`${frontend}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "e2e", version: "1" } },
        }),
      });
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain('"serverInfo"');
    }
  });
});

describe("the typed API client", () => {
  it("src/lib/api/schema.d.ts matches the running backend's OpenAPI document (else: npm run api:generate)", async () => {
    const rendered = await renderSchema(await fetchOpenApi(inject("backendUrl")));
    expect(readCommittedSchema() === rendered, "schema.d.ts is out of date: run `npm run api:generate`").toBe(true);
  });
});
